from django.urls import path

from stranded.places import views

app_name = "places"
urlpatterns = [
    path("", views.map_page, name="map"),
    path("search/", views.search, name="search"),
    path("pick/", views.pick, name="pick"),
    path("add/", views.add, name="add"),
    path("map.geojson", views.places_geojson, name="geojson"),
]
