from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "stranded.interop"
    default_auto_field = "django.db.models.BigAutoField"
