from django.apps import AppConfig


class EvacuationConfig(AppConfig):
    name = "stranded.evacuation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stranded.evacuation.actions import on_visit_recorded
        from stranded.sweeps.models import Visit
        from stranded.sweeps.signals import visit_recorded

        visit_recorded.connect(on_visit_recorded, sender=Visit, dispatch_uid="evacuation.requests")
