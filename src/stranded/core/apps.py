from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig, apps


class CoreConfig(AppConfig):
    name = "stranded.core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stranded.core import signals  # noqa: F401  (connects the audit receivers)

        # Each app may register dashboard cards in its cards.py.
        for config in apps.get_app_configs():
            if config.name.startswith("stranded.") and find_spec(f"{config.name}.cards"):
                import_module(f"{config.name}.cards")
