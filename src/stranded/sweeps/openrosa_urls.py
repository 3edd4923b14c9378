"""OpenRosa endpoints for ODK Collect and Enketo (filled in by the field-forms work)."""

from django.urls import URLPattern

app_name = "openrosa"
urlpatterns: list[URLPattern] = []
