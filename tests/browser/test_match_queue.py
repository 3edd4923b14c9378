"""The tracing officer's match queue in the browser, on a demo operation's own clock (October
2023): filtered by the script of the sought name and the sought person's age, two obvious matches
ticked beside their comparison and confirmed at once, then the families to tell, one told."""

from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from stranded.core import clock
from stranded.core.models import Membership, User
from stranded.tracing.models import FollowUp, Match
from tests.base import PASSWORD
from tests.browser.conftest import SCREENSHOTS, khankendi_operation, log_in
from tests.tracing.builders import inquiry_with_candidate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_obvious_matches_are_filtered_confirmed_together_and_the_families_told(
    page: Page, live_server: Any
) -> None:
    operation = khankendi_operation(time_zone="Asia/Baku")
    clock.set_clock(operation, at=datetime(2023, 10, 2, 6, 30, tzinfo=UTC))
    officer = User.objects.create_user("tracing", password=PASSWORD)
    Membership.objects.create(user=officer, operation=operation, role="tracing_officer")
    pairs = {}
    for name in (("Ashot", "Petrosyan"), ("Anush", "Sargsyan"), ("Ованес", "Оганесян"),
                 ("Հովհաննես", "Հովհաննիսյան")):  # fmt: skip
        pairs[name[0]] = inquiry_with_candidate(operation, officer, name)
    pairs["Gulnara"] = inquiry_with_candidate(
        operation, officer, ("Gulnara", "Mammadova"), band="possible"
    )
    base = live_server.url
    log_in(page, base, "tracing", PASSWORD)
    page.goto(f"{base}/tracing/matches/")
    expect(page.locator(".synthetic")).to_contain_text("its clock: 02 Oct 2023")
    page.select_option("select[name=script]", "latin")
    page.select_option("select[name=age]", "60-79")  # born 1950: 73 on the demo's today
    page.click("#match-filters button[type=submit]")
    table = page.locator("table.matches")
    for shown in ("Ashot", "Anush", "Gulnara"):
        expect(table).to_contain_text(shown)
    for hidden in ("Ованес", "Հովհաննես"):
        expect(table).not_to_contain_text(hidden)
    for name in ("Ashot", "Anush"):
        page.check(f"#match-{pairs[name][1].pk} input[type=checkbox]")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "match-queue-filters.png"), full_page=True)
    page.click("text=Confirm all (likely ones only)")
    expect(page.locator(".message")).to_contain_text("2 matches confirmed.")
    assert page.locator("select[name=script]").input_value() == "latin"  # the filters kept
    decided = {Match.objects.get(pk=pairs[n][1].pk).decision for n in ("Ashot", "Anush")}
    assert decided == {"confirmed"}
    page.click("text=Inquiries")
    page.click("text=Families to tell")
    rows = page.locator("#follow-ups tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#follow-ups")).to_contain_text("+374 91 000001")
    first = FollowUp.objects.order_by("created_at").first()
    assert first is not None
    page.fill(f"#outcome-{first.pk}", "Phoned the daughter: she knows her father is found")
    page.screenshot(path=str(SCREENSHOTS / "families-to-tell.png"), full_page=True)
    page.click(f"#follow-up-{first.pk} button[type=submit]")
    expect(page.locator(".message")).to_contain_text("was told.")
    expect(rows).to_have_count(1)
    first.refresh_from_db()
    assert (first.status, first.done_at.year) == ("done", 2023)  # type: ignore[union-attr]
