"""The browser test of the sharing issue: the liaison drafts a sharing request, the coordinator
and then the tracing lead approve it and the link is shown once; the liaison prepares a movement
notification for a published plan and records the authority's refusal; the driver is warned; the
coordinator overrides with a reason. Screenshots of the requests page and of the PDF's source."""

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from stranded.core.models import Membership, Operation, Organisation, Team, User
from stranded.evacuation.actions.publish import publish_plan
from stranded.evacuation.actions.requests import create_request
from stranded.evacuation.models import Destination, Plan, Vehicle
from stranded.evacuation.tasks import compute_plan_task
from stranded.interop.actions import designate_approver
from stranded.places import geometry
from stranded.sweeps.actions import save_areas
from stranded.tracing.actions import record_person
from tests.base import PASSWORD
from tests.browser.conftest import SCREENSHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOWN = (39.8155, 46.7519)
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _setup() -> tuple[Operation, dict[str, User]]:
    from django.utils import timezone

    from stranded.evacuation.actions.plans import start_plan

    org = Organisation.objects.create(name="Red Cross rapid deployment (demo)")
    operation = Operation.objects.create(
        organisation=org,
        name="Khankendi 2023",
        synthetic=True,
        center_lat=TOWN[0],
        center_lon=TOWN[1],
    )
    team = Team.objects.create(operation=operation, name="Team Alpha")
    shapes = list(geometry.grid(geometry.circle(*TOWN, 1200), 250, "KHA"))
    save_areas(operation=operation, shapes=shapes, by=None)
    users = {}
    for name, role in (
        ("coordinator", "coordinator"),
        ("liaison", "liaison"),
        ("tracing", "tracing_officer"),
        ("driver", "driver"),
    ):
        users[name] = User.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(
            user=users[name],
            operation=operation,
            role=role,
            team=team if role == "driver" else None,
        )
    designate_approver(
        operation=operation, user=users["tracing"], capacity="tracing_lead", by=users["coordinator"]
    )
    destination = Destination.objects.create(
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
        persons=[(persons[0], "wheelchair")],
        consent=True,
        address="Tumanyan 3",
    )
    create_request(
        operation=operation,
        by=users["coordinator"],
        lat=TOWN[0] + 0.006,
        lon=TOWN[1] - 0.005,
        persons=[(persons[1], "seated")],
        consent=True,
        address="Nzhdeh 8",
    )
    plan = start_plan(
        operation=operation,
        by=users["coordinator"],
        seconds=1,
        settings={
            "destination": destination,
            "horizon_minutes": 600,
            "starts_at": timezone.now() + timedelta(minutes=30),
        },
    )
    compute_plan_task.call(str(plan.pk))
    publish_plan(plan=Plan.objects.get(pk=plan.pk), by=users["coordinator"])
    return operation, users


def test_a_request_is_approved_twice_and_a_refused_movement_is_overridden(
    page: Page, live_server: Any, settings: Any
) -> None:
    settings.TASKS = QUEUE_ONLY
    _setup()
    base = live_server.url

    log_in(page, base, "liaison", PASSWORD)
    page.goto(f"{base}/sharing/requests/")
    page.fill("#id_recipient", "Armenian Red Cross Society, tracing service")
    page.fill("#id_purpose", "Restoring family links for persons evacuated")
    page.select_option("#id_legal_basis", "vital_interest")
    page.select_option("#id_dataset", "pfif")
    page.check("input[name=person_fields][value=sex]")
    page.check("input[name=person_fields][value=notes]")
    page.click("text=Save draft")
    expect(page.locator(".message")).to_contain_text("drafted")
    page.click("text=Log out")

    log_in(page, base, "coordinator", PASSWORD)
    page.goto(f"{base}/sharing/requests/")
    page.click("button:has-text('Approve')")
    expect(page.locator(".message")).to_contain_text("needs a second approver")
    page.click("text=Log out")
    log_in(page, base, "tracing", PASSWORD)
    page.goto(f"{base}/sharing/requests/")
    page.click("button:has-text('Approve')")
    expect(page.locator(".token-link")).to_contain_text("/sharing/download/")
    page.goto(f"{base}/sharing/requests/")
    expect(page.locator("tbody")).to_contain_text("authorised")
    page.click("text=Log out")

    log_in(page, base, "liaison", PASSWORD)
    page.goto(f"{base}/sharing/movements/")
    page.fill("input[name=authority]", "Khankendi district commandant's office")
    page.select_option("select[name=plan]", index=1)
    page.fill("textarea[name=plates]", "Minibus 1 = 35 KH 001")
    page.click("button:has-text('Prepare')")
    expect(page.locator("main table")).to_contain_text("35 KH 001")
    pdf = page.request.get(page.url.rstrip("/") + ".pdf")
    assert pdf.body().startswith(b"%PDF")
    (SCREENSHOTS / "movement-notification.pdf").write_bytes(pdf.body())
    page.select_option("select[name=status]", "refused")
    page.fill("input[name=contact]", "Maj. R.")
    page.click("button:has-text('Record')")
    expect(page.locator(".message.error")).to_contain_text("cannot start")
    page.click("text=Log out")

    log_in(page, base, "driver", PASSWORD)
    page.goto(f"{base}/evacuation/my-trip/")
    page.locator("ol.manifest li").first.locator("input[value=boarded]").check()
    page.click("text=Save boarding")
    expect(page.locator(".message")).to_contain_text("was refused")
    page.click("text=Log out")

    log_in(page, base, "coordinator", PASSWORD)
    page.goto(f"{base}/sharing/movements/")
    page.locator("main table a").first.click()
    page.fill("input[name=reason]", "Medical evacuation, escorted")
    page.click("button:has-text('Override')")
    expect(page.locator("main")).to_contain_text("Refusal overridden by coordinator")
    page.goto(f"{base}/sharing/requests/")
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("authorised")
    expect(row.locator("td").nth(5)).to_have_text("2")  # records covered
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sharing-requests.png"), full_page=True)
