"""Every page a coordinator opens fits a 390 px phone: nothing wider than the screen, tables
scroll inside themselves."""

import pytest
from playwright.sync_api import Browser

from stranded.core.models import Membership, Operation, Organisation, Team, User
from stranded.needs.actions import record_need
from stranded.sweeps import geometry
from stranded.sweeps.actions import save_areas
from stranded.sweeps.locate import area_for
from tests.base import PASSWORD
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOWN = (39.8155, 46.7519)
PAGES = (
    "/", "/needs/", "/needs/list/", "/sweeps/", "/sweeps/visits/", "/sweeps/visits/new/",
    "/tracing/inquiries/", "/tracing/inquiries/new/", "/tracing/matches/", "/evacuation/",
    "/evacuation/requests/", "/evacuation/vehicles/", "/remains/", "/animals/", "/places/",
)  # fmt: skip


def test_every_coordinator_page_fits_a_phone(browser: Browser, live_server: object) -> None:
    org = Organisation.objects.create(name="Browser org")
    operation = Operation.objects.create(
        organisation=org,
        name="Khankendi 2023",
        synthetic=True,
        center_lat=TOWN[0],
        center_lon=TOWN[1],
    )
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
