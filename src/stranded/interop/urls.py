from django.urls import path

from stranded.interop import views

app_name = "interop"
urlpatterns = [
    path("", views.index, name="index"),
    path("open-needs.geojson", views.open_needs, name="open-needs"),
    path("<slug:slug>.csv", views.dataset_csv, name="dataset"),
    path("<slug:slug>.meta.json", views.dataset_metadata, name="dataset-metadata"),
]
