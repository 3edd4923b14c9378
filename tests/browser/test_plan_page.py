"""The coordinator's plan page when not everyone fits: how many of how many get out within the
window, the plan against a bound and a hand plan for the same persons, why not everyone, and
the requests left in a table per reason with their address and what would serve them."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from stranded.core.models import Membership, Operation, User
from stranded.evacuation.actions.requests import create_request
from stranded.evacuation.models import Destination, Plan, Vehicle
from stranded.evacuation.tasks import compute_plan_task
from stranded.tracing.actions import record_person
from tests.base import PASSWORD
from tests.browser.conftest import SCREENSHOTS, khankendi_operation, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOWN = (39.8155, 46.7519)
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _setup() -> Operation:
    operation = khankendi_operation()
    coordinator = User.objects.create_user("coordinator", password=PASSWORD)
    Membership.objects.create(user=coordinator, operation=operation, role="coordinator")
    Destination.objects.create(
        operation=operation,
        name="Hakari bridge crossing",
        kind="crossing",
        lat=39.514,
        lon=46.556,
        unload_minutes=10,
        receiving_organisation="Armenian Red Cross",
    )
    Vehicle.objects.create(operation=operation, name="Car 1", kind="car", seats=2, wheelchair=0)
    streets = [
        "Tumanyan 3",
        "Nzhdeh 8",
        "Azatamartikneri 12",
        "Vazgen Sargsyan 5",
        "Garegin Nzhdeh 2",
        "Shahumyan 40",
        "Spandaryan 7",
    ]
    for n, street in enumerate(streets):
        data = {"given_name": f"Gor{n}", "family_name": "Avetisyan", "lat": TOWN[0], "lon": TOWN[1]}
        person = record_person(
            operation=operation, source="field", status="located", by=coordinator, data=data
        )
        create_request(
            operation=operation,
            by=coordinator,
            lat=TOWN[0] + 0.002 * n,
            lon=TOWN[1],
            persons=[(person, "stretcher" if n == 6 else "seated")],
            consent=True,
            address=street,
        )
    return operation


def test_the_plan_page_says_who_gets_out_and_why_not_everyone(
    page: Page, live_server: Any, settings: Any
) -> None:
    settings.TASKS = QUEUE_ONLY
    operation = _setup()
    base = live_server.url
    log_in(page, base, "coordinator", PASSWORD)
    page.goto(f"{base}/evacuation/plans/")
    page.select_option("select[name=destination]", label="Hakari bridge crossing")
    page.fill("input[name=seconds]", "1")
    page.fill("input[name=horizon_minutes]", "150")
    page.click("text=Start plan")
    compute_plan_task.call(str(Plan.objects.get(operation=operation).pk))
    expect(page.locator("#plan-status")).to_have_text("Done")
    plan = Plan.objects.get(operation=operation)
    figures = plan.result["figures"]
    expect(page.locator("#persons-out")).to_contain_text(
        "2 of 7 persons within the 150-minute window"
    )
    expect(page.locator("#plan-measure")).to_contain_text(
        f"For the same 2 persons: no plan can take less than {plan.lower_bound_minutes} min"
    )
    expect(page.locator("#why-not-everyone")).to_contain_text(
        f"Getting all 7 persons out takes at least {figures['bound_all_minutes']} min"
    )
    fleet = page.locator("table.unserved[data-reason=fleet]")
    expect(fleet).to_contain_text("Spandaryan 7")
    expect(fleet).to_contain_text("a vehicle with the places they need")
    window = page.locator("table.unserved[data-reason=window]")
    expect(window.locator("tbody tr")).to_have_count(4)
    expect(window).to_contain_text("another vehicle, or a longer window")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "plan-not-everyone.png"), full_page=True)
