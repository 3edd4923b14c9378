from django.urls import path

from stranded.tracing import views

app_name = "tracing"
urlpatterns = [
    path("inquiries/", views.inquiry_list, name="inquiry-list"),
    path("inquiries/new/", views.inquiry_new, name="inquiry-new"),
    path("inquiries/known/", views.already_known, name="already-known"),
    path("inquiries/<uuid:inquiry_id>/", views.inquiry_detail, name="inquiry-detail"),
    path("inquiries/<uuid:inquiry_id>/close/", views.inquiry_close, name="inquiry-close"),
    path(
        "inquiries/<uuid:inquiry_id>/duplicate/",
        views.inquiry_duplicate,
        name="inquiry-duplicate",
    ),
    path("persons/", views.person_list, name="person-list"),
    path("persons/<uuid:person_id>/", views.person_detail, name="person-detail"),
    path("persons/<uuid:person_id>/edit/", views.person_edit, name="person-edit"),
    path("matches/", views.match_queue, name="match-queue"),
    path("matches/decide/", views.match_decide_many, name="match-decide-many"),
    path("follow-ups/", views.follow_up_list, name="follow-ups"),
    path("follow-ups/<uuid:follow_up_id>/done/", views.follow_up_done, name="follow-up-done"),
    path(
        "matches/<uuid:match_id>/confirm/",
        views.match_decide,
        {"decision": "confirm"},
        name="match-confirm",
    ),
    path(
        "matches/<uuid:match_id>/reject/",
        views.match_decide,
        {"decision": "reject"},
        name="match-reject",
    ),
]
