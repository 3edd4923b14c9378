"""Every page a coordinator opens fits a 390 px phone: nothing wider than the screen, tables
scroll inside themselves; a field member's day and a driver's day walked on a phone."""

from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from stranded.core.models import Membership, Operation, Team, User
from stranded.evacuation.actions.plans import compute_plan, start_plan
from stranded.evacuation.actions.publish import publish_plan
from stranded.evacuation.actions.requests import create_request
from stranded.evacuation.models import Destination, Vehicle
from stranded.needs.actions import record_need
from stranded.places import geometry
from stranded.places.locate import area_for
from stranded.sweeps.actions import assign_area, save_areas
from stranded.tracing.actions import record_person
from tests.base import PASSWORD
from tests.browser.conftest import SCREENSHOTS, khankendi_operation, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOWN = (39.8155, 46.7519)
PAGES = (
    "/", "/needs/", "/needs/list/", "/sweeps/", "/sweeps/visits/", "/sweeps/visits/new/",
    "/tracing/inquiries/", "/tracing/inquiries/new/", "/tracing/matches/", "/evacuation/",
    "/evacuation/requests/", "/evacuation/vehicles/", "/remains/", "/animals/", "/places/",
)  # fmt: skip


def test_every_coordinator_page_fits_a_phone(browser: Browser, live_server: object) -> None:
    operation = khankendi_operation()
    Team.objects.create(operation=operation, name="Team Alpha")
    coordinator = User.objects.create_user("coordinator", password=PASSWORD)
    Membership.objects.create(user=coordinator, operation=operation, role="coordinator")
    save_areas(
        operation=operation,
        shapes=list(geometry.grid(geometry.circle(*TOWN, 700), 250, "KHA")),
        by=None,
    )
    area = area_for(operation, *TOWN)
    assert area is not None
    for kind in ("drinking_water", "winter_clothing_fuel", "gas_heating", "medical_care"):
        record_need(
            operation=operation,
            area=area,
            kind=kind,
            urgency="critical",
            by=coordinator,
            note="Gate locked, neighbour has the key",
        )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = live_server.url  # type: ignore[attr-defined]
    log_in(page, base, "coordinator", PASSWORD)
    too_wide = {}
    for path in PAGES:
        # networkidle: the map pages fetch data; the next page waits (one shared test database).
        response = page.goto(f"{base}{path}", wait_until="networkidle")
        assert response is not None and response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
    context.close()
    assert too_wide == {}


def _fits(page: Page, path: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path} is {width} px wide on a 390 px phone"


def _phone(browser: Browser) -> tuple[BrowserContext, Page]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _day_setup() -> tuple[Operation, Any]:
    operation = khankendi_operation(time_zone="Asia/Baku")
    team = Team.objects.create(operation=operation, name="Team Alpha")
    users = {}
    for name, role in (
        ("coordinator", "coordinator"),
        ("field", "field_member"),
        ("driver", "driver"),
    ):
        users[name] = User.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(
            user=users[name],
            operation=operation,
            role=role,
            team=None if role == "coordinator" else team,
        )
    save_areas(
        operation=operation,
        shapes=list(geometry.grid(geometry.circle(*TOWN, 700), 250, "KHA")),
        by=None,
    )
    area = area_for(operation, *TOWN)
    assert area is not None
    assign_area(area=area, team=team, by=users["coordinator"])
    return operation, users


def test_a_field_members_day_on_a_phone(browser: Browser, live_server: Any) -> None:
    _day_setup()
    context, page = _phone(browser)
    base = live_server.url
    log_in(page, base, "field", PASSWORD)
    _fits(page, page.url)
    page.goto(f"{base}/sweeps/worklist/")
    _fits(page, "/sweeps/worklist/")
    page.emulate_media(media="print")
    expect(page.locator("header.top nav")).to_be_hidden()
    page.emulate_media(media="screen")
    page.goto(f"{base}/sweeps/visits/new/")
    _fits(page, "/sweeps/visits/new/")
    page.select_option("select[name=outcome]", "persons_present")
    page.fill("input[name=address]", "Tumanyan 3")
    page.fill("input[name=p0-given_name]", "Арсен")
    page.fill("input[name=p0-family_name]", "Акопян")
    page.fill("input[name=p0-birth_year]", "1941")
    page.check("input[name=p0-wants_to_leave]")
    page.check("input[name=p0-consent_to_leave]")
    page.select_option("select[name=water]", "not_working")
    page.click("text=Save visit")
    expect(page.locator("main")).to_contain_text("wants to leave (consent recorded")
    _fits(page, "visit page")
    for path in ("/sweeps/visits/", "/needs/list/", "/sweeps/"):
        page.goto(f"{base}{path}", wait_until="networkidle")
        _fits(page, path)
    expect(page.locator("#areas")).to_contain_text("your team")
    page.screenshot(path=str(SCREENSHOTS / "phone-field-day.png"), full_page=False)
    context.close()


def test_a_drivers_day_on_a_phone(browser: Browser, live_server: Any) -> None:
    operation, users = _day_setup()
    Destination.objects.create(
        operation=operation,
        name="Hakari bridge crossing",
        kind="crossing",
        lat=39.514,
        lon=46.556,
        unload_minutes=10,
        receiving_organisation="Armenian Red Cross",
    )
    Vehicle.objects.create(
        operation=operation,
        name="Minibus 1",
        kind="minibus",
        seats=18,
        wheelchair=1,
        driver=users["driver"],
    )
    persons = [
        record_person(
            operation=operation,
            source="field",
            status="located",
            by=users["coordinator"],
            data={"given_name": given, "family_name": family, "lat": TOWN[0], "lon": TOWN[1]},
        )
        for given, family in (("Арсен", "Акопян"), ("Anahit", "Hakobyan"))
    ]
    create_request(
        operation=operation,
        by=users["coordinator"],
        lat=TOWN[0],
        lon=TOWN[1],
        persons=[(persons[0], "wheelchair"), (persons[1], "seated")],
        consent=True,
        address="Tumanyan 3",
        escort="daughter",
    )
    plan = start_plan(
        operation=operation,
        by=users["coordinator"],
        seconds=1,
        settings={"destination": Destination.objects.get(), "horizon_minutes": 600},
    )
    plan = compute_plan(plan=plan)
    publish_plan(plan=plan, by=users["coordinator"])
    context, page = _phone(browser)
    base = live_server.url
    log_in(page, base, "driver", PASSWORD)
    expect(page.locator("ol.manifest")).to_contain_text("Арсен Акопян")
    _fits(page, "/evacuation/my-trip/")
    for item in page.locator("ol.manifest li").all():
        item.locator("input[value=boarded]").check()
    page.click("text=Save boarding")
    expect(page.locator(".message")).to_contain_text("Boarding recorded (2 changed)")
    _fits(page, "after boarding")
    page.fill("input[name=received_by]", "Narine M.")
    page.click("text=Record hand-over")
    expect(page.locator(".message")).to_contain_text("Hand-over recorded: 2 persons")
    _fits(page, "after the hand-over")
    expect(page.locator("a.geo").first).to_have_attribute("href", f"geo:{TOWN[0]},{TOWN[1]}")
    page.emulate_media(media="print")  # the trip on paper: the manifest, not the site's chrome
    expect(page.locator("header.top nav")).to_be_hidden()
    expect(page.locator("ol.manifest")).to_be_visible()
    page.emulate_media(media="screen")
    page.screenshot(path=str(SCREENSHOTS / "phone-driver-day.png"), full_page=True)
    context.close()
