"""`stranded compilemessages`: compile the catalogs of src/stranded/locale to .mo files.

The .mo files are built, never committed: `make setup` runs this, and so does an installation
(README, Dockerfile).
"""

from __future__ import annotations

from django.core.management.commands import compilemessages

from stranded.core.management.in_package import InPackage


class Command(InPackage, compilemessages.Command):
    pass
