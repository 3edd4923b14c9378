"""The browser walk of what issue 16 added to records and lists: two inquiries about one person
linked both ways and one closed as a duplicate; a request corrected with its history shown; a
list paged and filtered, with its export link."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from stranded.core.models import Membership, Operation, User
from stranded.evacuation.actions.requests import create_request
from stranded.tracing.actions import open_inquiry
from stranded.tracing.models import Inquiry
from tests.base import PASSWORD
from tests.browser.conftest import SCREENSHOTS, khankendi_operation, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOWN = (39.8155, 46.7519)


def _setup() -> tuple[Operation, dict[str, User]]:
    operation = khankendi_operation(time_zone="Asia/Baku")
    users = {}
    for name, role in (("coordinator", "coordinator"), ("tracing", "tracing_officer")):
        users[name] = User.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(user=users[name], operation=operation, role=role)
    return operation, users


def test_duplicate_inquiries_are_linked_both_ways_and_one_is_closed(
    page: Page, live_server: Any
) -> None:
    operation, users = _setup()
    sought = {
        "given_name": "Ованес",
        "family_name": "Оганесян",
        "birth_year": 1944,
        "address": "Tigran Mets 12",
    }
    first = open_inquiry(
        operation=operation,
        by=users["tracing"],
        channel="phone",
        sought=sought,
        inquirer={"name": "Anahit", "contact": "+374 91 000001"},
    )
    second = open_inquiry(
        operation=operation,
        by=users["tracing"],
        channel="phone",
        sought={**sought, "given_name": "Hovhannes", "family_name": "Hovhannisyan"},
        inquirer={"name": "Karen", "contact": "+374 93 000002"},
    )
    base = live_server.url
    log_in(page, base, "tracing", PASSWORD)
    page.goto(f"{base}/tracing/inquiries/{first.pk}/")
    related = page.locator("#related-inquiries")
    expect(related).to_contain_text(second.reference)
    expect(related).to_contain_text("+374 93 000002")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "duplicate-inquiries.png"), full_page=True)
    page.goto(f"{base}/tracing/inquiries/{second.pk}/")
    page.click(f"text=Close this inquiry as a duplicate of {first.reference}")
    expect(page.locator(".message")).to_contain_text(
        f"Inquiry {second.reference} closed as a duplicate of {first.reference}"
    )
    expect(page.locator("#related-inquiries")).to_contain_text(
        "closed as a duplicate of this inquiry"
    )
    assert Inquiry.objects.get(pk=second.pk).duplicate_of_id == first.pk


def test_a_request_is_corrected_and_the_list_pages(page: Page, live_server: Any) -> None:
    operation, users = _setup()
    for n in range(30):
        create_request(
            operation=operation,
            by=users["coordinator"],
            lat=TOWN[0],
            lon=TOWN[1],
            counts=(1, 0, 1 if n % 5 == 0 else 0),
            consent=True,
            address=f"Tumanyan {n}",
        )
    base = live_server.url
    log_in(page, base, "coordinator", PASSWORD)
    page.goto(f"{base}/evacuation/requests/?size=25")
    expect(page.locator(".page-count")).to_have_text("1–25 of 30")
    page.click("a[rel=next]")
    expect(page.locator(".page-count")).to_have_text("26–30 of 30")
    page.select_option("select[name=mobility]", "stretcher")
    page.click("text=Filter")
    expect(page.locator(".page-count")).to_have_text("1–6 of 6")
    expect(page.locator("a.export")).to_have_attribute(
        "href", "?state=&mobility=stretcher&export=csv"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "requests-paged.png"), full_page=True)
    page.locator("#requests tbody tr a").first.click()
    page.fill("input[name=address]", "Tumanyan 3, entrance B")
    page.fill("input[name=medical_priority]", "2")
    page.click("text=Save the correction")
    expect(page.locator(".message")).to_contain_text("corrected")
    history = page.locator("#corrections")
    expect(history).to_contain_text("→ Tumanyan 3, entrance B")
    expect(history).to_contain_text("coordinator")
    page.screenshot(path=str(SCREENSHOTS / "request-corrections.png"), full_page=True)


def test_a_person_is_found_by_name_in_another_script(page: Page, live_server: Any) -> None:
    from stranded.tracing.actions import record_person

    operation, _ = _setup()
    for given, family in (
        ("Հովհաննես", "Հովհաննիսյան"),
        ("Gulnara", "Məmmədova"),
        ("Anahit", "Hakobyan"),
    ):
        data = {"given_name": given, "family_name": family, "birth_year": 1944}
        record_person(operation=operation, source="field", status="located", by=None, data=data)
    base = live_server.url
    log_in(page, base, "tracing", PASSWORD)
    page.goto(f"{base}/tracing/persons/")
    expect(page.locator(".page-count")).to_have_text("1–3 of 3")
    page.fill("#person-search input[name=given_name]", "Ованес")
    page.fill("#person-search input[name=family_name]", "Оганесян")
    page.click("text=Find in any script")
    expect(page.locator("#found tbody tr").first).to_contain_text("Հովհաննես Հովհաննիսյան")
    assert "Ованес" not in page.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "person-search.png"), full_page=True)
