from django.urls import path

from stranded.needs import views

app_name = "needs"
urlpatterns = [
    path("", views.index, name="index"),
    path("list/", views.need_list, name="list"),
    path("new/", views.need_new, name="new"),
    path("utilities/", views.utilities_map, name="utilities"),
    path("utilities.geojson", views.utilities_geojson, name="utilities-geojson"),
    path("<uuid:need_id>/", views.need_detail, name="detail"),
    path("<uuid:need_id>/status/", views.need_status, name="status"),
]
