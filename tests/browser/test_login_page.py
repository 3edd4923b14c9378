import pytest
from playwright.sync_api import Page, expect

from stranded.core.models import Membership, Operation, Organisation, User
from tests.base import PASSWORD
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_in_and_shows_the_dashboard(page: Page, live_server: object) -> None:
    org = Organisation.objects.create(name="Browser org")
    operation = Operation.objects.create(organisation=org, name="Browser op", synthetic=True)
    user = User.objects.create_user("coordinator", password=PASSWORD)
    Membership.objects.create(user=user, operation=operation, role="coordinator")
    log_in(page, live_server.url, "coordinator", PASSWORD)  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_have_text("Browser op")
    expect(page.locator(".synthetic")).to_contain_text("SYNTHETIC DATA")


def test_it_refuses_a_wrong_password(page: Page, live_server: object) -> None:
    User.objects.create_user("coordinator", password=PASSWORD)
    page.goto(f"{live_server.url}/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "not the password at all")
    page.click("button[type=submit]")
    expect(page.locator(".error")).to_contain_text("correct username and password")
