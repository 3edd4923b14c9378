from django.urls import path

from stranded.sweeps import views

app_name = "sweeps"
urlpatterns = [
    path("", views.coverage_page, name="coverage"),
    path("areas.geojson", views.areas_geojson, name="areas-geojson"),
    path("areas/<uuid:area_id>/", views.area_detail, name="area-detail"),
    path("areas/<uuid:area_id>/assign/", views.area_assign, name="area-assign"),
    path("areas/<uuid:area_id>/release/", views.area_release, name="area-release"),
    path("areas/<uuid:area_id>/complete/", views.area_complete, name="area-complete"),
    path("worklist/", views.worklist_page, name="worklist"),
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/<uuid:visit_id>/", views.visit_detail, name="visit-detail"),
]
