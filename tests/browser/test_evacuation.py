"""The browser test of the evacuation issue: a coordinator starts a plan, watches its progress
and publishes it; the driver sees only their own manifest and records boarding and the
hand-over; the tracing officer sees the hand-over on the family's inquiry."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from stranded.core.models import Membership, Operation, Team, User
from stranded.evacuation.actions.requests import create_request
from stranded.evacuation.models import Destination, Plan, Vehicle
from stranded.evacuation.tasks import compute_plan_task
from stranded.tracing.actions import open_inquiry, record_person
from stranded.tracing.models import Inquiry
from tests.base import PASSWORD
from tests.browser.conftest import SCREENSHOTS, khankendi_operation, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOWN = (39.8155, 46.7519)
# The task is queued and not run by itself: the test plays the worker, so that the page is seen
# polling while the plan is queued and turning to the result when the worker is done.
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _setup() -> tuple[Operation, dict[str, User], Inquiry]:
    operation = khankendi_operation()
    team = Team.objects.create(operation=operation, name="Team Alpha")
    users = {}
    for name, role in (
        ("coordinator", "coordinator"),
        ("driver", "driver"),
        ("driver2", "driver"),
        ("tracing", "tracing_officer"),
    ):
        users[name] = User.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(
            user=users[name],
            operation=operation,
            role=role,
            team=team if role == "driver" else None,
        )
    Destination.objects.create(
        operation=operation,
        name="Hakari bridge crossing",
        kind="crossing",
        lat=39.514,
        lon=46.556,
        unload_minutes=10,
        receiving_organisation="Armenian Red Cross",
    )
    # Only the minibus takes a wheelchair, only the ambulance a stretcher: each driver's
    # manifest is known in advance.
    Vehicle.objects.create(
        operation=operation,
        name="Minibus 1",
        kind="minibus",
        seats=18,
        wheelchair=1,
        driver=users["driver"],
    )
    Vehicle.objects.create(
        operation=operation,
        name="Ambulance 1",
        kind="ambulance",
        seats=0,
        stretcher=2,
        driver=users["driver2"],
    )

    def person(given: str, family: str) -> Any:
        return record_person(
            operation=operation,
            source="field",
            status="located",
            by=users["coordinator"],
            data={"given_name": given, "family_name": family, "lat": TOWN[0], "lon": TOWN[1]},
        )

    arsen, anahit, siranush = (
        person("Арсен", "Акопян"),
        person("Anahit", "Hakobyan"),
        person("Siranush", "Grigoryan"),
    )
    create_request(
        operation=operation,
        by=users["coordinator"],
        lat=TOWN[0],
        lon=TOWN[1],
        persons=[(arsen, "wheelchair"), (anahit, "seated")],
        consent=True,
        address="Tumanyan 3",
        escort="daughter",
    )
    create_request(
        operation=operation,
        by=users["coordinator"],
        lat=39.82,
        lon=46.76,
        persons=[(siranush, "stretcher")],
        consent=True,
        address="Nzhdeh 8",
    )
    inquiry = open_inquiry(
        operation=operation,
        inquirer={"name": "Lusine (daughter)", "contact": "+374 99 000111"},
        sought={"given_name": "Arsen", "family_name": "Hakobyan", "birth_year": 1941},
        channel="phone",
        by=users["tracing"],
    )
    Inquiry.objects.filter(pk=inquiry.pk).update(matched_person=arsen, status="matched")
    return operation, users, inquiry


def test_a_plan_is_published_and_the_driver_hands_the_persons_over(
    page: Page, live_server: Any, settings: Any
) -> None:
    settings.TASKS = QUEUE_ONLY
    operation, _, inquiry = _setup()
    base = live_server.url

    log_in(page, base, "coordinator", PASSWORD)
    page.goto(f"{base}/evacuation/plans/")
    page.select_option("select[name=destination]", label="Hakari bridge crossing")
    page.fill("input[name=seconds]", "1")
    page.click("text=Start plan")
    expect(page.locator("#plan-status")).to_have_text("Queued")
    expect(page.locator("#plan-progress")).to_have_attribute("hx-trigger", "every 2s")
    plan = Plan.objects.get(operation=operation)
    compute_plan_task.call(str(plan.pk))  # the worker's part; the page is polling meanwhile
    expect(page.locator("#plan-status")).to_have_text("Done")
    expect(page.locator("#plan-progress progress")).to_have_attribute("value", "100")
    expect(page.locator("#best-makespan")).to_contain_text("min")
    expect(page.locator("#plan-figures")).to_contain_text("Persons out")
    page.click("text=Publish this plan")
    expect(page.locator(".message")).to_contain_text("Plan published: 2 trips")
    expect(page.locator("#published-trips")).to_contain_text("Minibus 1")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "evacuation.png"), full_page=True)
    page.click("text=Log out")

    log_in(page, base, "driver", PASSWORD)
    page.goto(f"{base}/evacuation/my-trip/")
    manifest = page.locator("ol.manifest")
    expect(manifest).to_contain_text("Арсен Акопян")
    expect(manifest).to_contain_text("escort: daughter")
    expect(manifest).not_to_contain_text("Siranush")
    for item in manifest.locator("li").all():
        item.locator("input[value=boarded]").check()
    page.click("text=Save boarding")
    expect(page.locator(".message")).to_contain_text("Boarding recorded (2 changed)")
    page.fill("input[name=received_by]", "Narine M.")
    page.click("text=Record hand-over")
    expect(page.locator(".message")).to_contain_text("Hand-over recorded: 2 persons")
    expect(page.locator(".handed")).to_contain_text("Armenian Red Cross")
    page.click("text=Log out")

    log_in(page, base, "tracing", PASSWORD)
    page.goto(f"{base}/tracing/inquiries/{inquiry.pk}/")
    expect(page.locator("main")).to_contain_text(
        "handed over at Hakari bridge crossing to Armenian Red Cross"
    )
