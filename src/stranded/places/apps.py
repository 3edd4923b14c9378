from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "stranded.places"
    default_auto_field = "django.db.models.BigAutoField"
