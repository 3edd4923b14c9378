"""`stranded demo`: the Khankendi 2023 demo operation, served at http://127.0.0.1:8000 by gunicorn
with the task worker beside it; Ctrl-C stops both."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp import devices_for_user

from stranded.core import clock, serving
from stranded.core.models import Membership, Operation, Organisation, Team, User
from stranded.core.roles import Role

DEMO_OPERATION = "Khankendi 2023"
# The demo's today when it is created: its clock then advances in real time.
DEMO_TODAY = date(2023, 10, 2)
KHANKENDI = (39.8155, 46.7519)
ZONE = "Asia/Baku"
TEAMS = [("Team Alpha", 39.8203, 46.7512), ("Team Bravo", 39.8101, 46.7580)]
# One user per role; field members and the driver belong to a team.
DEMO_USERS = [
    ("coordinator", Role.COORDINATOR, None),
    ("tracing", Role.TRACING_OFFICER, None),
    ("field", Role.FIELD_MEMBER, "Team Alpha"),
    ("field2", Role.FIELD_MEMBER, "Team Bravo"),
    ("driver", Role.DRIVER, "Team Alpha"),
    ("liaison", Role.LIAISON, None),
    ("auditor", Role.AUDITOR, None),
    ("admin", Role.ADMIN, None),
]


# Printed under the logins: how the roles that need a second factor get one, and phones theirs.
SECOND_FACTOR = """\
Second factor: the coordinator, tracing, auditor and admin logins enrol one at their first login.
  Scan the QR code the page shows with an authenticator app (Aegis, FreeOTP, Google
  Authenticator), or type the key shown under it; type the 6-digit code; keep the ten recovery
  codes shown once. Without a phone: `oathtool --totp -b 'KEY'` (Debian package oathtool) prints
  the code of the key shown. A new run of `stranded demo` removes the demo logins' second factors.
Phones (ODK Collect): as coordinator, Phones, New phone; scan the code shown once."""


class Command(BaseCommand):
    help = "Set up the Khankendi 2023 demo operation (synthetic data) and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="set up, do not serve")
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--small", action="store_true", help="smaller synthetic data")
        parser.add_argument(
            "--serve-only", action="store_true", help="serve the database as it is, no set-up"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["serve_only"]:
            self.serve(options["addr"])
            return
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        if "places" in get_commands():
            call_command("places", "import", stdout=self.stdout)
        operation, passwords = create_demo_operation()
        for config in apps.get_app_configs():
            if config.name.startswith("stranded.") and find_spec(f"{config.name}.demo"):
                module = import_module(f"{config.name}.demo")
                with transaction.atomic(), clock.running(operation):
                    module.seed(operation=operation, small=options["small"], out=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo operation '{operation.name}' is ready."))
        self.stdout.write("Logins (printed once; run `stranded demo` again for new ones):")
        for username, role, password in passwords:
            self.stdout.write(f"  {role:16} {username:12} {password}")
        self.stdout.write(SECOND_FACTOR)
        if not options["no_serve"]:
            self.serve(options["addr"])

    def serve(self, addr: str) -> None:
        self.stdout.write(f"Serving at http://{addr}/  (log in as coordinator; Ctrl-C stops)")
        self.stdout.flush()
        web = serving.start(serving.gunicorn_command(addr))
        worker = serving.worker_command()
        code = serving.supervise(web, lambda: serving.start(worker), out=self.stdout)
        if code:
            raise CommandError(f"gunicorn stopped with exit status {code}")


@transaction.atomic
def create_demo_operation() -> tuple[Operation, list[tuple[str, str, str]]]:
    org, _ = Organisation.objects.get_or_create(
        name="Red Cross rapid deployment (demo)", defaults={"short_name": "RC demo"}
    )
    # The demo runs on its own clock: Khankendi's time zone, in October 2023 (created on
    # DEMO_TODAY at the real time of day; a second run keeps the clock its records were made on),
    # started three days before, the first frost six weeks ahead of it.
    operation, created = Operation.objects.update_or_create(
        name=DEMO_OPERATION,
        defaults={
            "organisation": org,
            "synthetic": True,
            "center_lat": KHANKENDI[0],
            "center_lon": KHANKENDI[1],
            "time_zone": ZONE,
        },
    )
    if created or not clock.offset(operation):
        now = clock.now(operation)  # the real time of day, on DEMO_TODAY
        clock.set_clock(operation, at=datetime.combine(DEMO_TODAY, now.timetz()))
        operation.started_on = DEMO_TODAY - timedelta(days=3)
        operation.settings["first_frost"] = (DEMO_TODAY + timedelta(days=42)).isoformat()
        operation.save(update_fields=["settings", "started_on"])
    teams = {}
    for name, lat, lon in TEAMS:
        teams[name], _ = Team.objects.update_or_create(
            operation=operation, name=name, defaults={"start_lat": lat, "start_lon": lon}
        )
    passwords = []
    for username, role, team in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        password = "-".join(secrets.token_urlsafe(4) for _ in range(3))
        user.set_password(password)
        user.save()
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        Membership.objects.update_or_create(
            user=user,
            operation=operation,
            defaults={"role": role, "team": teams.get(team) if team else None, "active": True},
        )
        passwords.append((username, str(role.label), password))
    return operation, passwords
