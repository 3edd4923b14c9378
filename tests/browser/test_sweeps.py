"""The browser test of the sweeps issue: a coordinator assigns an area, a field member records a
visit that finds a sought person, and the inquiry shows the match."""

import pytest
from playwright.sync_api import Page, expect

from stranded.core.models import Membership, Team, User
from stranded.places import geometry
from stranded.places.locate import area_for
from stranded.sweeps.actions import save_areas
from stranded.tracing.actions import open_inquiry
from tests.base import PASSWORD
from tests.browser.conftest import SCREENSHOTS, khankendi_operation, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOWN = (39.8155, 46.7519)


def test_a_visit_finds_a_sought_person_and_the_inquiry_shows_it(
    page: Page, live_server: object
) -> None:
    operation = khankendi_operation()
    team = Team.objects.create(operation=operation, name="Team Alpha")
    Team.objects.create(operation=operation, name="Team Bravo")
    users = {}
    for name, role, member_of in (
        ("coordinator", "coordinator", None),
        ("field", "field_member", team),
        ("tracing", "tracing_officer", None),
    ):
        users[name] = User.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(user=users[name], operation=operation, role=role, team=member_of)
    save_areas(
        operation=operation,
        shapes=list(geometry.grid(geometry.circle(*TOWN, 700), 250, "KHA")),
        by=None,
    )
    area = area_for(operation, *TOWN)
    assert area is not None
    inquiry = open_inquiry(
        operation=operation,
        inquirer={"name": "Lusine (daughter)"},
        channel="phone",
        sought={
            "given_name": "Arsen",
            "family_name": "Hakobyan",
            "birth_year": 1941,
            "sex": "male",
            "address": "Tumanyan 3",
            "lat": TOWN[0],
            "lon": TOWN[1],
        },
        by=users["tracing"],
    )
    base = live_server.url  # type: ignore[attr-defined]

    log_in(page, base, "coordinator", PASSWORD)
    page.goto(f"{base}/sweeps/")
    expect(page.locator("#sweep-map .leaflet-interactive").first).to_be_visible()
    row = page.locator(f"#areas tr[data-code='{area.code}']")
    row.locator("select[name=team]").select_option(label="Team Alpha")
    row.locator("button", has_text="Assign").click()
    expect(page.locator(".message")).to_contain_text(f"{area.code} assigned to Team Alpha")
    expect(page.locator(f"#areas tr[data-code='{area.code}']")).to_contain_text("Assigned")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sweeps.png"))
    page.click("text=Log out")

    log_in(page, base, "field", PASSWORD)
    page.goto(f"{base}/sweeps/worklist/")
    expect(page.locator(".worklist")).to_contain_text("Tumanyan 3")
    page.locator(".worklist a", has_text="record visit").first.click()
    page.select_option("select[name=outcome]", "persons_present")
    page.fill("input[name=address]", "Tumanyan 3")
    page.fill("input[name=p0-given_name]", "Арсен")
    page.fill("input[name=p0-family_name]", "Акопян")
    page.select_option("select[name=p0-sex]", "male")
    page.fill("input[name=p0-birth_year]", "1941")
    page.select_option("select[name=p0-condition]", "needs_care")
    page.check("input[name=p0-wants_to_leave]")
    page.check("input[name=p0-consent_to_leave]")
    page.select_option("select[name=electricity]", "not_working")
    page.click("text=Save visit")
    expect(page.locator("h1")).to_contain_text(f"Visit · {area.code}")
    expect(page.locator("main")).to_contain_text("wants to leave (consent recorded")
    page.click("text=Log out")

    log_in(page, base, "tracing", PASSWORD)
    page.goto(f"{base}/tracing/inquiries/{inquiry.pk}/")
    expect(page.locator("main")).to_contain_text("Арсен Акопян")
    expect(page.locator("main")).to_contain_text("Persons present, 1 person(s) met")
