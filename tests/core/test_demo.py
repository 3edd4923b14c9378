from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from stranded.core.models import Membership, Operation
from stranded.core.roles import Role
from tests.twofactor import give_device

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--no-serve", "--small", stdout=out)
    return out.getvalue()


def test_it_creates_the_synthetic_operation_with_one_user_per_role() -> None:
    output = run_demo()
    operation = Operation.objects.get(name="Khankendi 2023")
    assert operation.synthetic is True
    roles = set(Membership.objects.filter(operation=operation).values_list("role", flat=True))
    assert roles == {role.value for role in Role}
    assert "coordinator" in output and "Logins" in output


def test_it_prints_passwords_that_work_and_renews_them_on_a_second_run() -> None:
    first = run_demo()
    assert "enrol one at their first login" in first and "oathtool --totp" in first
    give_device(Membership.objects.get(user__username="coordinator").user)
    second = run_demo()
    assert not TOTPDevice.objects.filter(user__username="coordinator").exists()
    assert Operation.objects.filter(name="Khankendi 2023").count() == 1

    def password(output: str) -> str:
        line = next(line for line in output.splitlines() if " coordinator " in line)
        return line.split()[-1]

    user = Membership.objects.get(user__username="coordinator").user
    assert password(first) != password(second)
    assert user.check_password(password(second))
