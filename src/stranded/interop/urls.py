from django.urls import path

from stranded.interop import movement_views, sharing_views, views

app_name = "interop"
urlpatterns = [
    path("", views.index, name="index"),
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
    path("open-needs.geojson", views.open_needs, name="open-needs"),
    path("<slug:slug>.csv", views.dataset_csv, name="dataset"),
    path("<slug:slug>.meta.json", views.dataset_metadata, name="dataset-metadata"),
]
