"""`stranded makemessages`: update src/stranded/locale from the package's templates and Python
files (`make messages` gives the options; README "Languages and translating")."""

from __future__ import annotations

from django.core.management.commands import makemessages

from stranded.core.management.in_package import InPackage


class Command(InPackage, makemessages.Command):
    pass
