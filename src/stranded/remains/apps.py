from django.apps import AppConfig


class RemainsConfig(AppConfig):
    name = "stranded.remains"
    default_auto_field = "django.db.models.BigAutoField"
