from django.urls import path

from stranded.remains import views

app_name = "remains"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<uuid:remains_id>/", views.detail, name="detail"),
    path("<uuid:remains_id>/events/", views.event_new, name="event-new"),
    path("<uuid:remains_id>/identification/", views.identify, name="identify"),
    path(
        "<uuid:remains_id>/identification/persons/", views.identify_search, name="identify-search"
    ),
    path("<uuid:remains_id>/attachments/", views.attachment_upload, name="attachment-upload"),
    path(
        "<uuid:remains_id>/attachments/<uuid:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
]
