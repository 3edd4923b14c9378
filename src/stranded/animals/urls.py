from django.urls import path

from stranded.animals import views

app_name = "animals"
urlpatterns = [
    path("", views.index, name="index"),
    path("sightings.geojson", views.sightings_geojson, name="sightings-geojson"),
    path("sightings/new/", views.sighting_new, name="sighting-new"),
    path("sightings/<uuid:sighting_id>/", views.sighting_detail, name="sighting-detail"),
    path("sightings/<uuid:sighting_id>/actions/", views.sighting_action, name="sighting-action"),
    path("partners/", views.partner_list, name="partners"),
    path("pets/", views.pet_list, name="pet-list"),
    path("pets/new/", views.pet_new, name="pet-new"),
    path("pets/<uuid:inquiry_id>/", views.pet_detail, name="pet-detail"),
    path("pets/<uuid:inquiry_id>/close/", views.pet_close, name="pet-close"),
    path(
        "pets/<uuid:inquiry_id>/confirm/<uuid:sighting_id>/",
        views.pet_confirm,
        name="pet-confirm",
    ),
]
