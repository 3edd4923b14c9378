"""Django's makemessages and compilemessages read every `locale` folder and source file below the
directory they run in (from a checkout's root, that includes the virtual environment). stranded's
versions run in the package itself, wherever they are started from."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings


class InPackage:
    def handle(self, *args: Any, **options: Any) -> Any:
        here = os.getcwd()
        os.chdir(settings.PACKAGE_DIR)
        try:
            return super().handle(*args, **options)  # type: ignore[misc]
        finally:
            os.chdir(here)
