from django.apps import AppConfig


class AnimalsConfig(AppConfig):
    name = "stranded.animals"
    default_auto_field = "django.db.models.BigAutoField"
