from django.urls import path

from stranded.evacuation import views

app_name = "evacuation"
urlpatterns = [
    path("", views.index, name="index"),
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_new, name="request-new"),
    path("requests/<uuid:request_id>/", views.request_detail, name="request-detail"),
    path("vehicles/", views.vehicle_list, name="vehicles"),
    path("vehicles/<uuid:vehicle_id>/", views.vehicle_edit, name="vehicle-edit"),
    path("destinations/", views.destination_list, name="destinations"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/compare/", views.plan_compare, name="plan-compare"),
    path("plans/<uuid:plan_id>/", views.plan_detail, name="plan-detail"),
    path("plans/<uuid:plan_id>/progress/", views.plan_progress, name="plan-progress"),
    path("plans/<uuid:plan_id>/publish/", views.plan_publish, name="plan-publish"),
    path("trips/<uuid:trip_id>/", views.trip_detail, name="trip-detail"),
    path("trips/<uuid:trip_id>/manifest.csv", views.manifest_csv, name="manifest-csv"),
    path("trips/<uuid:trip_id>/manifest.pdf", views.manifest_pdf, name="manifest-pdf"),
    path("trips/<uuid:trip_id>/boarding/", views.trip_boarding, name="trip-boarding"),
    path("trips/<uuid:trip_id>/handover/", views.trip_handover, name="trip-handover"),
    path("my-trip/", views.my_trip, name="my-trip"),
    path("my-trip/<uuid:trip_id>/", views.my_trip_detail, name="my-trip-detail"),
]
