"""Every page of the site, app by app: one table to read for what is reachable and who
answers it (the JSON API is `stranded.api`, its routers in each app's api.py). Each app keeps its
namespace (`needs:detail`); the views stay in the apps."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from stranded.animals import views as animals
from stranded.api import api
from stranded.core import phone_views, twofactor_views
from stranded.core import views as core
from stranded.core.health import health_view
from stranded.evacuation import views as evacuation
from stranded.fieldwork import openrosa
from stranded.fieldwork import views as fieldwork
from stranded.interop import movement_views, sharing_views
from stranded.interop import views as interop
from stranded.needs import views as needs
from stranded.places import views as places
from stranded.remains import views as remains
from stranded.sweeps import bulk
from stranded.sweeps import views as sweeps
from stranded.tracing import views as tracing

# Sign-in, accounts, users, the audit log and the dashboard
core_pages = [
    path("", core.dashboard, name="dashboard"),
    path("login/", core.LoginView.as_view(), name="login"),
    path("login/verify/", twofactor_views.login_verify, name="login-verify"),
    path("login/enrol/", twofactor_views.login_enrol, name="login-enrol"),
    path("account/two-factor/", twofactor_views.two_factor, name="two-factor"),
    path("phones/", phone_views.phones, name="phones"),
    path("phones/<uuid:credential_id>/revoke/", phone_views.phone_revoke, name="phone-revoke"),
    path("logout/", auth_views.LogoutView.as_view(next_page="core:login"), name="logout"),
    path("audit/", core.audit_log, name="audit-log"),
    path("audit/record/", core.record_access, name="record-access"),
    path("operation/settings/", core.operation_settings, name="operation-settings"),
    path("operation/switch/", core.switch_operation, name="switch-operation"),
    path("language/", core.switch_language, name="switch-language"),
    path("users/", core.users, name="users"),
    path("users/<uuid:user_id>/active/", core.user_active, name="user-active"),
    path("users/<uuid:user_id>/role/", core.user_role, name="user-role"),
    path("users/<uuid:user_id>/link/", core.user_link, name="user-link"),
    path("users/roles/", core.role_changes, name="role-changes"),
    path("users/roles/<uuid:request_id>/", core.role_decide, name="role-decide"),
    path("set-password/<uidb64>/<token>/", core.SetPasswordView.as_view(), name="set-password"),
]


# The gazetteer
places_pages = [
    path("", places.map_page, name="map"),
    path("search/", places.search, name="search"),
    path("pick/", places.pick, name="pick"),
    path("add/", places.add, name="add"),
    path("map.geojson", places.places_geojson, name="geojson"),
]


# Inquiries, persons, matches, follow-ups
tracing_pages = [
    path("inquiries/", tracing.inquiry_list, name="inquiry-list"),
    path("inquiries/new/", tracing.inquiry_new, name="inquiry-new"),
    path("inquiries/known/", tracing.already_known, name="already-known"),
    path("inquiries/<uuid:inquiry_id>/", tracing.inquiry_detail, name="inquiry-detail"),
    path("inquiries/<uuid:inquiry_id>/close/", tracing.inquiry_close, name="inquiry-close"),
    path(
        "inquiries/<uuid:inquiry_id>/duplicate/",
        tracing.inquiry_duplicate,
        name="inquiry-duplicate",
    ),
    path("persons/", tracing.person_list, name="person-list"),
    path("persons/<uuid:person_id>/", tracing.person_detail, name="person-detail"),
    path("persons/<uuid:person_id>/edit/", tracing.person_edit, name="person-edit"),
    path("matches/", tracing.match_queue, name="match-queue"),
    path("matches/decide/", tracing.match_decide_many, name="match-decide-many"),
    path("follow-ups/", tracing.follow_up_list, name="follow-ups"),
    path("follow-ups/<uuid:follow_up_id>/done/", tracing.follow_up_done, name="follow-up-done"),
    path(
        "matches/<uuid:match_id>/confirm/",
        tracing.match_decide,
        {"decision": "confirm"},
        name="match-confirm",
    ),
    path(
        "matches/<uuid:match_id>/reject/",
        tracing.match_decide,
        {"decision": "reject"},
        name="match-reject",
    ),
]


# Areas, coverage, worklists and visits (the visit page is fieldwork's)
sweeps_pages = [
    path("", sweeps.coverage_page, name="coverage"),
    path("areas.geojson", sweeps.areas_geojson, name="areas-geojson"),
    path("areas/from-place/", sweeps.area_from_place, name="area-from-place"),
    path("areas/assign/", bulk.areas_assign, name="areas-assign"),
    path("areas/<uuid:area_id>/", sweeps.area_detail, name="area-detail"),
    path("areas/<uuid:area_id>/assign/", sweeps.area_assign, name="area-assign"),
    path("areas/<uuid:area_id>/release/", sweeps.area_release, name="area-release"),
    path("areas/<uuid:area_id>/complete/", sweeps.area_complete, name="area-complete"),
    path("worklist/", sweeps.worklist_page, name="worklist"),
    path("visits/", sweeps.visit_list, name="visit-list"),
    path("visits/<uuid:visit_id>/", sweeps.visit_detail, name="visit-detail"),
    path("visits/new/", fieldwork.visit_new, name="visit-new"),
]


# Requests, fleet, plans, trips, manifests, hand-overs
evacuation_pages = [
    path("", evacuation.index, name="index"),
    path("requests/", evacuation.request_list, name="requests"),
    path("requests/new/", evacuation.request_new, name="request-new"),
    path("requests/<uuid:request_id>/", evacuation.request_detail, name="request-detail"),
    path("vehicles/", evacuation.vehicle_list, name="vehicles"),
    path("vehicles/<uuid:vehicle_id>/", evacuation.vehicle_edit, name="vehicle-edit"),
    path("destinations/", evacuation.destination_list, name="destinations"),
    path("plans/", evacuation.plan_list, name="plans"),
    path("plans/compare/", evacuation.plan_compare, name="plan-compare"),
    path("plans/<uuid:plan_id>/", evacuation.plan_detail, name="plan-detail"),
    path("plans/<uuid:plan_id>/progress/", evacuation.plan_progress, name="plan-progress"),
    path("plans/<uuid:plan_id>/publish/", evacuation.plan_publish, name="plan-publish"),
    path("trips/<uuid:trip_id>/", evacuation.trip_detail, name="trip-detail"),
    path("trips/<uuid:trip_id>/manifest.csv", evacuation.manifest_csv, name="manifest-csv"),
    path("trips/<uuid:trip_id>/manifest.pdf", evacuation.manifest_pdf, name="manifest-pdf"),
    path("trips/<uuid:trip_id>/boarding/", evacuation.trip_boarding, name="trip-boarding"),
    path("trips/<uuid:trip_id>/handover/", evacuation.trip_handover, name="trip-handover"),
    path("my-trip/", evacuation.my_trip, name="my-trip"),
    path("my-trip/<uuid:trip_id>/", evacuation.my_trip_detail, name="my-trip-detail"),
]


# Needs for winter: electricity, water, gas and the rest
needs_pages = [
    path("", needs.index, name="index"),
    path("list/", needs.need_list, name="list"),
    path("new/", needs.need_new, name="new"),
    path("utilities/", needs.utilities_map, name="utilities"),
    path("utilities.geojson", needs.utilities_geojson, name="utilities-geojson"),
    path("<uuid:need_id>/", needs.need_detail, name="detail"),
    path("<uuid:need_id>/status/", needs.need_status, name="status"),
]


# The dead: remains and their custody
remains_pages = [
    path("", remains.index, name="index"),
    path("new/", remains.new, name="new"),
    path("<uuid:remains_id>/", remains.detail, name="detail"),
    path("<uuid:remains_id>/events/", remains.event_new, name="event-new"),
    path("<uuid:remains_id>/identification/", remains.identify, name="identify"),
    path(
        "<uuid:remains_id>/identification/persons/", remains.identify_search, name="identify-search"
    ),
    path("<uuid:remains_id>/attachments/", remains.attachment_upload, name="attachment-upload"),
    path(
        "<uuid:remains_id>/attachments/<uuid:attachment_id>/",
        remains.attachment_download,
        name="attachment",
    ),
]


# Abandoned animals and pets sought
animals_pages = [
    path("", animals.index, name="index"),
    path("sightings.geojson", animals.sightings_geojson, name="sightings-geojson"),
    path("sightings/new/", animals.sighting_new, name="sighting-new"),
    path("sightings/<uuid:sighting_id>/", animals.sighting_detail, name="sighting-detail"),
    path("sightings/<uuid:sighting_id>/actions/", animals.sighting_action, name="sighting-action"),
    path("partners/", animals.partner_list, name="partners"),
    path("pets/", animals.pet_list, name="pet-list"),
    path("pets/new/", animals.pet_new, name="pet-new"),
    path("pets/<uuid:inquiry_id>/", animals.pet_detail, name="pet-detail"),
    path("pets/<uuid:inquiry_id>/close/", animals.pet_close, name="pet-close"),
    path(
        "pets/<uuid:inquiry_id>/confirm/<uuid:sighting_id>/",
        animals.pet_confirm,
        name="pet-confirm",
    ),
]


# Sharing: exports, requests for data, movement notifications
interop_pages = [
    path("", interop.index, name="index"),
    path("requests/", sharing_views.requests_page, name="requests"),
    path("requests/<uuid:request_id>/approve", sharing_views.approve, name="request-approve"),
    path("requests/<uuid:request_id>/revoke", sharing_views.revoke, name="request-revoke"),
    path("download/<str:token>", sharing_views.download, name="download"),
    path("movements/", movement_views.movements, name="movements"),
    path("movements/<uuid:notification_id>/", movement_views.movement, name="movement"),
    path("movements/<uuid:notification_id>/answer", movement_views.answer, name="movement-answer"),
    path(
        "movements/<uuid:notification_id>/override",
        movement_views.override,
        name="movement-override",
    ),
    path("movements/<uuid:notification_id>.pdf", movement_views.movement_pdf, name="movement-pdf"),
    path(
        "movements/<uuid:notification_id>.json", movement_views.movement_json, name="movement-json"
    ),
    path("open-needs.geojson", interop.open_needs, name="open-needs"),
    path("<slug:slug>.csv", interop.dataset_csv, name="dataset"),
    path("<slug:slug>.meta.json", interop.dataset_metadata, name="dataset-metadata"),
]


# OpenRosa for ODK Collect, KoBoCollect and Enketo (fieldwork/openrosa.py)
openrosa_endpoints = [
    path("formList", openrosa.form_list, name="form-list"),
    path("forms/<str:form_id>.xml", openrosa.form_download, name="form"),
    path("submission", openrosa.submission, name="submission"),
]


urlpatterns = [
    path("health/", health_view, name="health"),
    path("api/", api.urls),
    path("", include((core_pages, "core"))),
    path("places/", include((places_pages, "places"))),
    path("tracing/", include((tracing_pages, "tracing"))),
    path("sweeps/", include((sweeps_pages, "sweeps"))),
    path("evacuation/", include((evacuation_pages, "evacuation"))),
    path("needs/", include((needs_pages, "needs"))),
    path("remains/", include((remains_pages, "remains"))),
    path("animals/", include((animals_pages, "animals"))),
    path("sharing/", include((interop_pages, "interop"))),
    path("openrosa/", include((openrosa_endpoints, "openrosa"))),
]
