"""The browser test of the foundation issue; its screenshot illustrates README.md."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from stranded.core.models import Membership, Operation, Organisation, User
from tests.base import PASSWORD
from tests.browser.conftest import SCREENSHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_finds_khankendi_by_its_armenian_name(page: Page, live_server: object) -> None:
    call_command("places", "import", verbosity=0)
    org = Organisation.objects.create(name="Browser org")
    operation = Operation.objects.create(
        organisation=org,
        name="Khankendi 2023",
        synthetic=True,
        center_lat=39.8155,
        center_lon=46.7519,
    )
    user = User.objects.create_user("coordinator", password=PASSWORD)
    Membership.objects.create(user=user, operation=operation, role="coordinator")
    base = live_server.url  # type: ignore[attr-defined]
    log_in(page, base, "coordinator", PASSWORD)
    page.goto(f"{base}/places/")
    page.fill("#place-q", "Ստեփանակերտ")
    first = page.locator("#place-results .result").first
    expect(first).to_contain_text("Khankendi")
    marker = page.locator(".leaflet-marker-icon")
    expect(marker).to_have_count(1)
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Khankendi")
    lat, lon = (
        float(first.get_attribute("data-lat") or 0),
        float(first.get_attribute("data-lon") or 0),
    )
    assert abs(lat - 39.8155) < 0.02 and abs(lon - 46.7519) < 0.02
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map.png"))
