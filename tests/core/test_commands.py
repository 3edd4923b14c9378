from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stranded.core.models import Membership, Operation

pytestmark = pytest.mark.django_db


def test_it_creates_an_operation_and_an_admin() -> None:
    call_command("operation", "create", "Flood 2027", "--organisation", "RC", "--center", "40,45")
    out = StringIO()
    call_command(
        "users", "add", "alice", "--role", "admin", "--operation", "Flood 2027", stdout=out
    )
    membership = Membership.objects.get(user__username="alice")
    assert (membership.role, membership.operation.name) == ("admin", "Flood 2027")
    assert Operation.objects.get(name="Flood 2027").center_lat == 40.0
    password = out.getvalue().rsplit(" ", 1)[1].strip()
    assert membership.user.check_password(password)


def test_it_names_the_bad_centre() -> None:
    with pytest.raises(CommandError, match="--center must be LAT,LON"):
        call_command("operation", "create", "X", "--organisation", "RC", "--center", "north")


def test_it_refuses_an_unknown_operation() -> None:
    with pytest.raises(CommandError, match="no operation named 'Nowhere'"):
        call_command("users", "add", "bob", "--role", "driver", "--operation", "Nowhere")
