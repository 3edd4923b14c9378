"""Issue 18: the inquiry form says "not in the gazetteer" for a village it lacks and keeps the text
as typed, or lets the officer pick a candidate on a map."""

import pytest
from playwright.sync_api import Page, expect

from stranded.places.models import Place
from stranded.places.search import resolver
from stranded.tracing.models import Inquiry
from tests.base import PASSWORD
from tests.browser.conftest import gazetteer_and_user, log_in
from tests.browser.test_add_village import htmx_settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_keeps_a_village_as_typed_or_picks_a_place_on_the_map(
    page: Page, live_server: object
) -> None:
    gazetteer_and_user("tracing", "tracing_officer")
    resolver()  # the index is built once per process: not while the browser waits
    base = live_server.url  # type: ignore[attr-defined]
    log_in(page, base, "tracing", PASSWORD)

    # A village the gazetteer lacks: said so, its far look-alikes only as uncertain, kept as typed.
    page.goto(f"{base}/tracing/inquiries/new/")
    page.fill("#id_inquirer_name", "Anahit")
    page.fill("#id_family_name", "Sargsyan")
    page.locator("#id_place_text").press_sequentially("Sarushen")
    expect(page.locator("#place-pick .not-found")).to_contain_text(
        "“Sarushen” is not in the gazetteer: it is kept as typed.", timeout=20_000
    )
    expect(page.locator("#place-pick .pick-place:not(.weak)")).to_have_count(0)
    expect(page.locator("#place-pick-map")).to_be_visible()  # the uncertain ones, far away
    page.click("#place-pick .keep-typed")
    htmx_settled(page)
    page.click("form.intake button[type=submit]")
    page.wait_for_url(lambda url: "/inquiries/new/" not in url)
    sought = Inquiry.objects.select_related("sought").get().sought
    assert (sought.place_id, sought.place_text) == (None, "Sarushen")

    # A town it holds, picked on the map.
    shusha = Place.objects.get(name="Shusha")
    page.goto(f"{base}/tracing/inquiries/new/")
    page.fill("#id_inquirer_name", "Anahit")
    page.fill("#id_family_name", "Petrosyan")
    page.locator("#id_place_text").press_sequentially("Shushi")
    marker = page.locator(f"#place-pick-map .pick-marker[data-place-id='{shusha.pk}']")
    expect(marker).to_have_count(1, timeout=20_000)
    marker.click()
    expect(page.locator(f"#place-pick .pick-place[data-place-id='{shusha.pk}']")).to_have_attribute(
        "aria-pressed", "true"
    )
    htmx_settled(page)
    page.click("form.intake button[type=submit]")
    page.wait_for_url(lambda url: "/inquiries/new/" not in url)
    sought = Inquiry.objects.select_related("sought").filter(sought__family_name="Petrosyan")
    assert sought.get().sought.place_id == shusha.pk
