"""The browser test of the remains issue: a field member records a body found at an address of
the team's area, its transfer to the morgue and its hand-over at the Hakari bridge crossing, and
proposes who it is; the tracing officer confirms and sees it on the family's inquiry."""

import pytest
from playwright.sync_api import Page, expect

from stranded.core.models import Membership, Team, User
from stranded.places import geometry
from stranded.places.locate import area_for
from stranded.remains.models import Remains
from stranded.sweeps.actions import assign_area, save_areas
from stranded.tracing.actions import open_inquiry
from tests.base import PASSWORD
from tests.browser.conftest import SCREENSHOTS, khankendi_operation, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOWN = (39.8155, 46.7519)
MORGUE = "Republican Medical Centre morgue, Khankendi"


def test_a_body_found_is_handed_over_and_the_inquiry_shows_it(
    page: Page, live_server: object, tmp_path: object, settings: object
) -> None:
    settings.REMAINS_PRIVATE_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    operation = khankendi_operation(settings={"remains_prefix": "KHK"})
    team = Team.objects.create(operation=operation, name="Team Alpha")
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
    assign_area(area=area, team=team, by=users["coordinator"])
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

    # The field member records the body found at the visit, in Armenian script as on the passport.
    log_in(page, base, "field", PASSWORD)
    page.goto(f"{base}/remains/")
    page.click("text=Record remains found")
    page.select_option("select[name=area]", area.code)
    page.fill("input[name=address]", "Tumanyan 3")
    page.fill("input[name=found_where]", "Tumanyan 3, ground-floor flat")
    page.fill("input[name=condition]", "intact")
    page.select_option("select[name=sex]", "male")
    page.fill("input[name=age_min]", "78")
    page.fill("input[name=age_max]", "86")
    page.fill("input[name=document_names]", "Արսեն Հակոբյան")
    page.fill("textarea[name=effects]", "passport, wedding ring")
    page.click("button[type=submit]:has-text('Record remains')")
    expect(page.locator("h1")).to_contain_text("Remains KHK-TA-0001")
    expect(page.locator("#custody-now")).to_contain_text("Found")

    form = page.locator("#event-form")
    form.locator("select[name=kind]").select_option("transferred_to")
    form.locator("input[name=where]").fill(MORGUE)
    form.locator("input[name=receiving_organisation]").fill("Hospital morgue")
    form.locator("button", has_text="Record event").click()
    expect(page.locator(".message")).to_contain_text("KHK-TA-0001: transferred to recorded.")
    form = page.locator("#event-form")
    form.locator("select[name=kind]").select_option("handed_over")
    form.locator("input[name=where]").fill("Hakari bridge crossing")
    form.locator("input[name=receiving_organisation]").fill("ICRC")
    form.locator("input[name=receiving_name]").fill("for the family")
    form.locator("button", has_text="Record event").click()
    expect(page.locator("#custody-now")).to_contain_text("Handed over · Hakari bridge crossing")
    expect(page.locator("#chain li")).to_have_count(3)

    row = page.locator("#candidates tbody tr").first
    expect(row).to_contain_text("Arsen Hakobyan")
    row.locator("select[name=status]").select_option("tentative")
    row.locator("select[name=method]").select_option("documents")
    row.locator("button", has_text="Identify").click()
    expect(page.locator("#identification")).to_contain_text("Tentatively identified")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "remains.png"), full_page=True)
    page.click("text=Log out")

    # The tracing officer sees the proposal on the inquiry, confirms, and the inquiry shows it.
    log_in(page, base, "tracing", PASSWORD)
    page.goto(f"{base}/tracing/inquiries/{inquiry.pk}/")
    expect(page.locator(".notes")).to_contain_text("KHK-TA-0001 tentatively identified")
    remains = Remains.objects.get()
    page.goto(f"{base}/remains/{remains.pk}/")
    form = page.locator("#identify-form")
    form.locator("select[name=status]").select_option("confirmed")
    form.locator("select[name=method]").select_option("documents")
    form.locator("button", has_text="Record decision").click()
    expect(page.locator("#identification")).to_contain_text("Identification confirmed")
    page.goto(f"{base}/tracing/inquiries/{inquiry.pk}/")
    notes = page.locator(".notes")
    expect(notes).to_contain_text("Believed dead")
    expect(notes).to_contain_text("Remains KHK-TA-0001 identified as this person")
    expect(notes).to_contain_text("handed over Hakari bridge crossing")
