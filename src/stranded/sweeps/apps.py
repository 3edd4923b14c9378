from django.apps import AppConfig


class SweepsConfig(AppConfig):
    name = "stranded.sweeps"
    default_auto_field = "django.db.models.BigAutoField"
