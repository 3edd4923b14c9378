"""Issue 18: a coordinator adds a village from the map with its Armenian and Azerbaijani names;
a tracing officer then finds it by a third spelling in the inquiry form."""

import pytest
from playwright.sync_api import Page, expect

from stranded.core.models import Membership, Operation, Organisation, User
from stranded.places.models import Place
from stranded.tracing.models import Inquiry
from tests.base import PASSWORD
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_adds_a_village_and_the_tracing_officer_finds_it(
    page: Page, live_server: object
) -> None:
    org = Organisation.objects.create(name="Browser org")
    operation = Operation.objects.create(
        organisation=org,
        name="Khankendi 2023",
        synthetic=True,
        center_lat=39.8155,
        center_lon=46.7519,
    )
    for username, role in (("coordinator", "coordinator"), ("tracing", "tracing_officer")):
        user = User.objects.create_user(username, password=PASSWORD)
        Membership.objects.create(user=user, operation=operation, role=role)
    base = live_server.url  # type: ignore[attr-defined]

    log_in(page, base, "coordinator", PASSWORD)
    page.goto(f"{base}/places/")
    page.locator("#map").click(position={"x": 300, "y": 300})
    expect(page.locator("#id_lat")).not_to_have_value("")
    page.fill("#id_lat", "39.7046")  # the coordinates a phone gives
    page.fill("#id_lon", "46.7365")
    page.fill("#id_name_hy", "Քարինտակ")
    page.fill("#id_name_az", "Daşaltı")
    page.select_option("#id_kind", "village")
    page.click("#add-place button[type=submit]")
    expect(page.locator(".message")).to_contain_text("searchable now by every name")
    village = Place.objects.get(source="field")
    page.context.clear_cookies()

    log_in(page, base, "tracing", PASSWORD)
    page.goto(f"{base}/tracing/inquiries/new/")
    page.fill("#id_inquirer_name", "Anahit")
    page.fill("#id_family_name", "Sargsyan")
    page.locator("#id_place_text").press_sequentially("Karintak")
    choice = page.locator("#place-pick .pick-place").first
    expect(choice).to_contain_text("Daşaltı")
    choice.click()
    htmx_settled(page)  # the live server's in-memory SQLite serves one request at a time
    page.click("form.intake button[type=submit]")
    page.wait_for_url(lambda url: "/inquiries/new/" not in url)
    sought = Inquiry.objects.select_related("sought").get().sought
    assert (sought.place_id, sought.place_text) == (village.pk, "Karintak")


def htmx_settled(page: Page) -> None:
    page.wait_for_timeout(500)  # past the triggers' delay
    page.wait_for_function("!document.querySelector('.htmx-request')")
