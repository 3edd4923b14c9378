from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "stranded.needs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stranded.needs.actions import on_visit_recorded
        from stranded.sweeps.signals import visit_recorded

        visit_recorded.connect(on_visit_recorded, dispatch_uid="needs.from_visit")
