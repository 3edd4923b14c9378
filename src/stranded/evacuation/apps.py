from django.apps import AppConfig


class EvacuationConfig(AppConfig):
    name = "stranded.evacuation"
    default_auto_field = "django.db.models.BigAutoField"
