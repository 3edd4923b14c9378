"""In each of the team's languages: the inquiry form, the sweeps page, the visit form on a phone,
the driver's trip and the manifest PDF show no English word but names and codes.

An English word is a word of the English catalog's msgids (the texts the pages are made of) that
the language's own translations do not use too (Azerbaijani writes "plan" and "status" as
English does). Names of persons, places, teams and vehicles of the test data are chosen outside
that dictionary. Marked `translations`: it fails until the Armenian, Russian and Azerbaijani
catalogs are translated (README "Languages and translating"); the screenshots of the driver's
trip and the visit form in Armenian and Azerbaijani are taken on the way.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page

from stranded.core.models import Membership, Operation, Organisation, Team, User
from stranded.evacuation.actions.plans import start_plan
from stranded.evacuation.actions.publish import publish_plan
from stranded.evacuation.actions.requests import create_request
from stranded.evacuation.models import Destination, Trip, Vehicle
from stranded.evacuation.tasks import compute_plan_task
from stranded.places import geometry
from stranded.places.locate import area_for
from stranded.sweeps.actions import assign_area, save_areas
from stranded.tracing.actions import record_person
from tests.base import PASSWORD
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.core.test_catalogs import catalog, live, translations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.translations,
    pytest.mark.django_db(transaction=True),
]
TOWN = (39.8155, 46.7519)
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
# Codes and names the pages show as they are, in every language (the switch names English so).
KEPT = {
    "english", "stranded", "csv", "pdf", "json", "hxl", "odk", "kobo", "sms", "gps", "km", "min",
    "id",
}  # fmt: skip


def english_words(language: str) -> set[str]:
    def words(texts: list[str]) -> set[str]:
        found = set()
        for text in texts:
            text = re.sub(r"%\([^)]*\)[sd]|\{[^}]*\}|<[^>]*>", " ", text)
            found |= {w.lower() for w in LATIN_WORD.findall(text) if len(w) > 2}
        return found

    english = [t for e in live(catalog("en")) for t in (e.msgid, e.msgid_plural) if t]
    own = [t for e in live(catalog(language)) for t in translations(e) if t]
    return words(english) - words(own) - KEPT


def left_in_english(text: str, dictionary: set[str]) -> list[str]:
    return sorted({w for w in LATIN_WORD.findall(text) if w.lower() in dictionary})


def _setup() -> dict[str, Any]:
    org = Organisation.objects.create(name="Qızıl Aypara")
    operation = Operation.objects.create(
        organisation=org,
        name="Xankəndi 2023",
        synthetic=True,
        center_lat=TOWN[0],
        center_lon=TOWN[1],
    )
    team = Team.objects.create(operation=operation, name="Ալֆա")
    users = {}
    for name, role in (
        ("aram", "coordinator"),
        ("lusine", "tracing_officer"),
        ("narek", "field_member"),
        ("vardan", "driver"),
    ):
        users[role] = User.objects.create_user(name, password=PASSWORD)
        in_team = role in ("field_member", "driver")
        Membership.objects.create(
            user=users[role], operation=operation, role=role, team=team if in_team else None
        )
    save_areas(
        operation=operation,
        shapes=list(geometry.grid(geometry.circle(*TOWN, 700), 250, "KHA")),
        by=None,
    )
    area = area_for(operation, *TOWN)
    assert area is not None
    assign_area(area=area, team=team, by=users["coordinator"])
    destination = Destination.objects.create(
        operation=operation,
        name="Goris",
        kind="crossing",
        lat=39.514,
        lon=46.556,
        unload_minutes=10,
        receiving_organisation="Հայկական Կարմիր Խաչ",
    )
    Vehicle.objects.create(
        operation=operation,
        name="ПАЗ-1",
        kind="minibus",
        seats=18,
        wheelchair=1,
        driver=users["driver"],
    )
    arsen = record_person(
        operation=operation,
        source="field",
        status="located",
        by=users["coordinator"],
        data={"given_name": "Արսեն", "family_name": "Հակոբյան", "lat": TOWN[0], "lon": TOWN[1]},
    )
    create_request(
        operation=operation,
        by=users["coordinator"],
        lat=TOWN[0],
        lon=TOWN[1],
        persons=[(arsen, "wheelchair")],
        consent=True,
        address="Թումանյան 3",
    )
    with override_settings(TASKS=IMMEDIATE):
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
        compute_plan_task.enqueue(str(plan.pk))
    plan.refresh_from_db()
    publish_plan(plan=plan, by=users["coordinator"])
    return {"users": users, "trip": Trip.objects.get(plan=plan)}


def _in_language(
    browser: Browser, base: str, language: str, username: str, phone: bool = False
) -> Page:
    """Logs in with the browser asking for the language, then picks it in the header switch (so
    it is saved on the account)."""
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 800}
    context = browser.new_context(viewport=viewport, locale=language)
    page = context.new_page()
    page.set_default_timeout(60_000)
    log_in(page, base, username, PASSWORD)
    assert page.locator("html").get_attribute("lang") == language
    page.select_option("form.language select", language)
    page.click("form.language button")
    return page


def _pdf_text(page: Page, url: str) -> str:
    response = page.request.get(url)
    assert response.status == 200, url
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is missing: make chromium installs it"
    done = subprocess.run(
        [pdftotext, "-layout", "-", "-"], input=response.body(), capture_output=True, check=True
    )
    return done.stdout.decode()


@pytest.mark.skipif(
    os.environ.get("STRANDED_LANGUAGE_WALK") != "1",
    reason="issue 17 is open: the walk was not seen passing with the final catalogs (Pydantic's "
    "422 messages, map tooltips); run it with STRANDED_LANGUAGE_WALK=1",
)
@pytest.mark.parametrize("language", ["hy", "ru", "az"])
def test_no_english_is_left_on_the_pages_of_the_day(
    browser: Browser, live_server: Any, language: str
) -> None:
    data = _setup()
    base = live_server.url
    dictionary = english_words(language)
    left: dict[str, list[str]] = {}

    def check(page: Page, what: str) -> None:
        words = left_in_english(page.locator("body").inner_text(), dictionary)
        if words:
            left[what] = words

    page = _in_language(browser, base, language, "lusine")
    page.goto(f"{base}{reverse('tracing:inquiry-new')}")
    check(page, "inquiry form")
    page.context.close()

    page = _in_language(browser, base, language, "aram")
    page.goto(f"{base}{reverse('sweeps:coverage')}", wait_until="networkidle")
    check(page, "sweeps")
    page.context.close()

    page = _in_language(browser, base, language, "narek", phone=True)
    page.goto(f"{base}{reverse('sweeps:visit-new')}")
    check(page, "visit form (phone)")
    if language in ("hy", "az"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"visit-form-{language}.png"), full_page=True)
    page.context.close()

    page = _in_language(browser, base, language, "vardan", phone=True)
    page.goto(f"{base}{reverse('evacuation:my-trip')}")
    check(page, "driver's trip")
    if language in ("hy", "az"):
        page.screenshot(path=str(SCREENSHOTS / f"my-trip-{language}.png"), full_page=True)
    pdf_url = reverse("evacuation:manifest-pdf", args=[data["trip"].pk])
    manifest = _pdf_text(page, f"{base}{pdf_url}")
    words = left_in_english(manifest, dictionary)
    if words:
        left["manifest PDF"] = words
    page.context.close()

    assert left == {}, f"English left on the {language} pages"


def test_the_word_check_finds_english() -> None:
    """The check itself, without a browser: it must be able to fail."""
    dictionary = {"inquiry", "sweeps", "save", "visit"}
    assert left_in_english("Հարցում · Save · KHA-0007 · Sweeps", dictionary) == ["Save", "Sweeps"]
    assert left_in_english("Ziyarət · Axtarış · Aram", dictionary) == []
