from typing import Any

from django.apps import AppConfig


class AnimalsConfig(AppConfig):
    name = "stranded.animals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stranded.sweeps.signals import visit_recorded

        visit_recorded.connect(on_visit_recorded, dispatch_uid="animals.sightings_from_visit")


def on_visit_recorded(sender: Any, visit: Any, by: Any = None, **kwargs: Any) -> None:
    """Each animal entry of a new visit becomes a sighting, matched at once (same transaction)."""
    from stranded.animals.actions import sightings_from_visit

    sightings_from_visit(visit=visit, by=by)
