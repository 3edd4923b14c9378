from django.apps import AppConfig


class RemainsConfig(AppConfig):
    name = "stranded.remains"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stranded.remains.receivers import connect

        connect()
