"""Issue 13: a coordinator enrols a second factor at the first login, gives a field member's
phone its credential (the QR code ODK Collect scans), renews the recovery codes, and logs in
again with the code; every page under the CSP without a violation."""

import pytest
from playwright.sync_api import Page, expect

from stranded.core.models import Membership, Operation, Organisation, PhoneCredential, Team, User
from tests.base import PASSWORD
from tests.browser.conftest import log_in
from tests.twofactor import device_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_enrols_gives_a_phone_its_code_and_logs_in_again(
    page: Page, live_server: object
) -> None:
    org = Organisation.objects.create(name="Browser org")
    operation = Operation.objects.create(organisation=org, name="Khankendi 2023", synthetic=True)
    team = Team.objects.create(operation=operation, name="Team Alpha")
    for username, role in (("coordinator", "coordinator"), ("field", "field_member")):
        user = User.objects.create_user(username, password=PASSWORD)
        Membership.objects.create(user=user, operation=operation, role=role, team=team)
    base = live_server.url  # type: ignore[attr-defined]

    log_in(page, base, "coordinator", PASSWORD)  # enrols: QR code, first code, recovery codes
    page.goto(f"{base}/phones/")
    page.select_option("#id_user", label="field")
    page.fill("#id_label", "Samsung 3")
    page.click("#new-phone-form button[type=submit]")
    expect(page.locator("#phone-qr svg")).to_be_visible()
    secret = page.locator("#phone-secret").inner_text()
    assert PhoneCredential.objects.get(label="Samsung 3").secret_hash not in secret

    page.goto(f"{base}/account/two-factor/")
    page.fill("#id_code", device_code("coordinator"))
    page.click("#renew-codes button[type=submit]")
    expect(page.locator("#recovery-codes li")).to_have_count(10)

    page.context.clear_cookies()
    log_in(page, base, "coordinator", PASSWORD)  # the code of the enrolled app this time
    expect(page.locator("nav")).to_contain_text("Phones")
