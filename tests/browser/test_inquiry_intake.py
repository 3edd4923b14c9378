"""The inquiry intake's live "already known?": typing a name in any script shows the person."""

import pytest
from playwright.sync_api import Page, expect

from stranded.core.models import Membership, Operation, Organisation, User
from stranded.tracing.actions import record_person
from tests.base import PASSWORD
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_suggests_a_known_person_while_the_officer_types(
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
    officer = User.objects.create_user("tracing", password=PASSWORD)
    Membership.objects.create(user=officer, operation=operation, role="tracing_officer")
    record_person(
        operation=operation,
        source="field",
        status="located",
        data={"given_name": "Ованес", "family_name": "Петросян", "birth_year": 1948, "sex": "male"},
        by=officer,
    )
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/known/" in r.url else None)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    base = live_server.url  # type: ignore[attr-defined]

    log_in(page, base, "tracing", PASSWORD)
    page.goto(f"{base}/tracing/inquiries/new/")
    page.fill("#id_given_name", "Hovhannes")
    page.fill("#id_family_name", "Petrosyan")
    expect(page.locator("#already-known")).to_contain_text("Already known?")
    expect(page.locator("#already-known li").first).to_contain_text("Петросян")
    assert requests, "typing sent no request"
    assert all("Petrosyan" not in url and "Hovhannes" not in url for url in requests)
    assert not [e for e in errors if "htmx" in e], errors
    # Typing in the caller's fields asks nothing: only the sought person's fields do.
    before = len(requests)
    page.fill("#id_inquirer_name", "Anahit")
    page.wait_for_timeout(600)
    assert len(requests) == before
