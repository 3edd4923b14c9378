"""The `stranded` command: Django management with the project's settings."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stranded.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["stranded", *sys.argv[1:]])


if __name__ == "__main__":
    main()
