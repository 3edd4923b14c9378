"""The browser test of the animals part of issue 6: a field member records a sighting and marks
it fed, the coordinator refers it to a partner, and a family's pet inquiry shows it as a
candidate."""

import pytest
from playwright.sync_api import Page, expect

from stranded.animals.actions import record_sighting, save_partner
from stranded.animals.models import Sighting
from stranded.core.models import Membership, Team, User
from stranded.places import geometry
from stranded.places.locate import area_for
from stranded.sweeps.actions import assign_area, save_areas
from tests.base import PASSWORD
from tests.browser.conftest import SCREENSHOTS, khankendi_operation, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOWN = (39.8155, 46.7519)


def test_a_sighting_is_fed_referred_and_found_by_a_pet_inquiry(
    page: Page, live_server: object
) -> None:
    operation = khankendi_operation()
    team = Team.objects.create(operation=operation, name="Team Alpha")
    users = {}
    for name, role, member_of in (
        ("coordinator", "coordinator", None),
        ("field", "field_member", team),
        ("tracing", "tracing_officer", None),
    ):
        users[name] = User.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(user=users[name], operation=operation, role=role, team=member_of)
    shapes = list(geometry.grid(geometry.circle(*TOWN, 700), 250, "KHA"))
    save_areas(operation=operation, shapes=shapes, by=None)
    area = area_for(operation, *TOWN)
    assert area is not None
    assign_area(area=area, team=team, by=users["coordinator"])
    shelter = {"name": "Stepanakert stray animal shelter", "species": ["dog", "cat"]}
    save_partner(operation=operation, by=users["coordinator"], data=shelter)
    for species, lat, lon, needs in (
        ("cat", 0.003, -0.002, ["food"]),
        ("horse", -0.002, 0.003, ["veterinary_care"]),
        ("chickens", 0.001, 0.004, []),
    ):
        record_sighting(
            operation=operation,
            by=users["coordinator"],
            data={
                "species": species,
                "count": 3,
                "condition": "thin",
                "lat": TOWN[0] + lat,
                "lon": TOWN[1] + lon,
                "needs": needs,
                "colour": "grey",
            },
        )
    base = live_server.url  # type: ignore[attr-defined]

    log_in(page, base, "field", PASSWORD)
    page.goto(f"{base}/animals/")
    page.click("text=Record a sighting")
    page.select_option("select[name=species]", "dog")
    page.fill("input[name=count]", "2")
    page.select_option("select[name=condition]", "thin")
    page.fill("input[name=colour]", "black")
    page.fill("input[name=markings]", "white patch on chest")
    page.check("input[name=needs][value=food]")
    page.check("input[name=needs][value=water]")
    page.fill("input[name=place_text]", "Tumanyan 3, courtyard")
    page.fill("input[name=lat]", str(TOWN[0]))
    page.fill("input[name=lon]", str(TOWN[1]))
    page.click("text=Save sighting")
    expect(page.locator("h1")).to_contain_text("Sighting · 2 × Dog")
    expect(page.locator("#sighting-needs")).to_have_text("food, water")
    page.select_option("select[name=kind]", "fed")
    page.fill("input[name=note]", "dry food left")
    page.click("text=Record action")
    expect(page.locator("#sighting-needs")).to_have_text("water")
    expect(page.locator("#actions .actions")).to_contain_text("Fed")
    expect(page.locator("#actions .actions")).to_contain_text("dry food left")
    page.click("text=Log out")
    sighting = Sighting.objects.get(species="dog")

    log_in(page, base, "coordinator", PASSWORD)
    page.goto(f"{base}/animals/sightings/{sighting.pk}/")
    page.select_option("select[name=kind]", "referred")
    page.select_option("select[name=partner]", label="Stepanakert stray animal shelter")
    page.click("text=Record action")
    expect(page.locator("#sighting-status")).to_have_text("Referred")
    expect(page.locator("#actions .actions")).to_contain_text(
        "Referred to a partner Stepanakert stray animal shelter"
    )
    page.goto(f"{base}/animals/")
    expect(page.locator("#animal-map .leaflet-interactive").first).to_be_visible()
    expect(page.locator("#animal-map")).to_have_attribute("data-loaded", "4")
    expect(page.locator("#sightings")).to_contain_text("Referred")
    expect(page.locator("main")).to_contain_text("4 sightings")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "animals.png"), full_page=True)
    page.click("text=Log out")

    log_in(page, base, "tracing", PASSWORD)
    page.goto(f"{base}/animals/pets/new/")
    page.fill("input[name=inquirer_name]", "Lusine (daughter)")
    page.select_option("select[name=species]", "dog")
    page.fill("input[name=animal_name]", "Sev")
    page.fill("input[name=colour]", "чёрная")
    page.fill("input[name=markings]", "white patch on the chest")
    page.fill("input[name=address_text]", "Tumanyan 3")
    page.fill("input[name=lat]", str(TOWN[0] + 0.002))
    page.fill("input[name=lon]", str(TOWN[1]))
    page.click("text=Open inquiry")
    expect(page.locator("h1")).to_contain_text("Pet inquiry · Dog “Sev”")
    row = page.locator(f"#candidates tr[data-sighting='{sighting.pk}']")
    expect(row).to_contain_text("2 × Dog")
    expect(row).to_contain_text("colour: 'чёрная' ~ 'black' 100%")
    expect(row.locator("button", has_text="Confirm match")).to_be_visible()
