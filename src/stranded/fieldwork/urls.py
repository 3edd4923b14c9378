"""The visit page, under /sweeps/ with its name `sweeps:visit-new` (see stranded/urls.py)."""

from django.urls import path

from stranded.fieldwork import views

sweeps_urlpatterns = [
    path("visits/new/", views.visit_new, name="visit-new"),
]
