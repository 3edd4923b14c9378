"""The browser test of the needs issue: the coordinator opens the needs dashboard, filters by
kind, refers a need to a partner, and sees the utilities map with coloured markers."""

import pytest
from playwright.sync_api import Page, expect

from stranded.core.models import Membership, Team, User
from stranded.needs.actions import record_need
from stranded.places import geometry
from stranded.places.locate import area_for
from stranded.places.models import Address, Area
from stranded.sweeps.actions import save_areas
from tests.base import PASSWORD
from tests.browser.conftest import SCREENSHOTS, khankendi_operation, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOWN = (39.8155, 46.7519)


def test_the_coordinator_refers_a_need_and_sees_the_utilities_map(
    page: Page, live_server: object
) -> None:
    operation = khankendi_operation()
    Team.objects.create(operation=operation, name="Team Alpha")
    coordinator = User.objects.create_user("coordinator", password=PASSWORD)
    Membership.objects.create(user=coordinator, operation=operation, role="coordinator")
    save_areas(
        operation=operation,
        shapes=[
            *geometry.grid(geometry.circle(*TOWN, 700), 250, "KHA"),
            geometry.village("V-SHOSH", "Shosh", 39.8425, 46.7194, 800),
        ],
        by=None,
    )
    area = area_for(operation, *TOWN)
    assert area is not None
    village = Area.objects.get(operation=operation, code="V-SHOSH")
    states = [
        ("Tumanyan 3", "not_working"),
        ("Tumanyan 5", "not_working"),
        ("Mashtots 8", "working"),
        ("Nzhdeh 1", "unknown"),
    ]
    addresses = []
    for number, (text, electricity) in enumerate(states):
        addresses.append(
            Address.objects.create(
                operation=operation,
                area=area,
                text=text,
                key=f"{area.code}|{text}",
                lat=TOWN[0] + number * 0.0004,
                lon=TOWN[1] + number * 0.0004,
                electricity=electricity,
            )
        )
    for kind, urgency, address in (
        ("drinking_water", "critical", addresses[0]),
        ("food", "medium", addresses[1]),
        ("gas_heating", "high", addresses[0]),
    ):
        record_need(
            operation=operation,
            area=area,
            address=address,
            kind=kind,
            urgency=urgency,
            by=coordinator,
        )
    record_need(
        operation=operation,
        area=village,
        kind="drinking_water",
        urgency="high",
        by=coordinator,
        note="whole village",
    )
    base = live_server.url  # type: ignore[attr-defined]

    log_in(page, base, "coordinator", PASSWORD)
    page.click("header nav >> text=Needs")
    expect(page.locator("h1")).to_contain_text("Needs before winter")
    expect(page.locator("#active-total")).to_have_text("4")
    expect(page.locator(f"#needs-by-area tr[data-area='{area.code}']")).to_contain_text("3")
    page.select_option("#kind-filter select[name=kind]", "drinking_water")
    page.click("#kind-filter button")
    expect(page.locator("#need-count")).to_have_text("2")
    expect(page.locator("#needs tbody tr")).to_have_count(2)
    page.locator("#needs tr", has_text="Tumanyan 3").locator("a").first.click()
    expect(page.locator("h1")).to_contain_text(f"Drinking water · {area.code}")
    page.select_option("#need-status select[name=status]", "referred")
    page.fill("#need-status input[name=partner]", "ICRC water and habitat")
    page.click("#need-status button")
    expect(page.locator("#need-status .partner")).to_have_text("ICRC water and habitat")
    expect(page.locator("#need-history")).to_contain_text(
        "Open → Referred (ICRC water and habitat)"
    )

    page.goto(f"{base}/needs/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "needs.png"), full_page=True)
    page.click("text=Utilities map")
    expect(page.locator("#utility-counts")).to_contain_text("not working 2")
    expect(page.locator("#utilities-map")).to_have_attribute("data-loaded", "4")
    expect(page.locator("#utilities-map .utility-marker-not_working")).to_have_count(2)
    expect(page.locator("#utilities-map .utility-marker-working")).to_have_count(1)
    red = page.locator("#utilities-map .utility-marker-not_working").first
    expect(red).to_have_attribute("fill", "#c0392b")
