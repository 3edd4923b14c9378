from django.urls import path

from stranded.interop import sharing_views, views

app_name = "interop"
urlpatterns = [
    path("", views.index, name="index"),
    path("requests/", sharing_views.requests_page, name="requests"),
    path("requests/<uuid:request_id>/approve", sharing_views.approve, name="request-approve"),
    path("requests/<uuid:request_id>/revoke", sharing_views.revoke, name="request-revoke"),
    path("download/<str:token>", sharing_views.download, name="download"),
    path("open-needs.geojson", views.open_needs, name="open-needs"),
    path("<slug:slug>.csv", views.dataset_csv, name="dataset"),
    path("<slug:slug>.meta.json", views.dataset_metadata, name="dataset-metadata"),
]
