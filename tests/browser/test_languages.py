"""In each of the team's languages: the inquiry form, the sweeps page, the visit form on a phone,
the driver's trip and the manifest PDF show no English word but names and codes.

What counts as English on a page in language L (`left_in_english`):
- in Armenian and Russian, which are not written in Latin letters, every word in Latin letters;
- in Azerbaijani, written in Latin letters, every word of the English catalog's msgids (the texts
  the pages are made of) that the Azerbaijani translations do not use too ("plan", "status").
  An English text never marked for translation is not in that dictionary, but it shows on the
  same pages in Armenian and Russian, where every Latin word is caught.
The exceptions are names and codes, by what they are, never by the word:
- names of the walk's data (persons, places, teams, vehicles, the operation: `_setup` lists
  them), of the software (stranded, and the map's Leaflet and OpenStreetMap), and of the file
  formats and standards every language writes as they are (CSV, PDF...);
- codes: a word with a digit and no small letter (KHA-03-03, EVR-A4F2F2, ПАЗ-1);
- text the page itself declares to be in another language (`lang` attribute: the language
  switch names each language in its own) or to be a key of the keyboard (`<kbd>Tab</kbd>`).
The page's text is every text node of the body (hidden ones too: an error shown later is still
text of the page), the title and the attributes a reader sees or hears (title, placeholder,
aria-label, alt). Marked `translations`; the screenshots of the driver's trip and the visit form
in Armenian and Azerbaijani are taken on the way.
"""

from __future__ import annotations

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
# Letters of the Latin script, Azerbaijani's (ə, ı, ş, ğ...) among them.
LATIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u1e00-\u1eff]{2,}")
WORD = re.compile(r"[^\W\d_]{2,}")
NOT_LATIN_SCRIPT = ("hy", "ru")
SOFTWARE = {"stranded", "leaflet", "openstreetmap"}
FORMATS = {"csv", "pdf", "json", "geojson", "hxl", "pfif", "xlsform", "odk", "kobo", "sms", "gps"}
# The text a reader meets: text nodes (but scripts and styles), the title and the attributes
# read aloud or shown on hover, leaving out what is declared to be in another language.
PAGE_TEXT = """() => {
  const language = document.documentElement.lang;
  const foreign = (el) => {
    const declared = el.closest("[lang]");
    return declared && declared.lang !== language;
  };
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (el.closest("script, style, template, kbd") || foreign(el)) continue;
    const text = node.textContent;
    texts.push(el.closest("noscript") ? text.replace(/<[^>]*>/g, " ") : text);
  }
  for (const el of document.body.querySelectorAll("[title], [placeholder], [aria-label], [alt]")) {
    if (foreign(el)) continue;
    for (const name of ["title", "placeholder", "aria-label", "alt"]) {
      if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
    }
  }
  return texts.join("\\n");
}"""


CODE = re.compile(r"[^\W_a-zа-яё]+(?:-[^\W_a-zа-яё]+)+")


def is_code(token: str) -> bool:
    """39.8155, KHA-03-03, ПАЗ-1, EVR-FCFEAF: a digit and no small letter ("0.1km" is no code),
    or capitals and digits joined by hyphens (the references' form)."""
    numbered = any(c.isdigit() for c in token) and not any(c.islower() for c in token)
    return numbered or bool(CODE.fullmatch(token))


def english_words(language: str) -> set[str]:
    """The dictionary for Azerbaijani: words of the English texts its translations do not use."""

    def words(texts: list[str]) -> set[str]:
        found = set()
        for text in texts:
            text = re.sub(r"%\([^)]*\)[sd]|\{[^}]*\}|<[^>]*>", " ", text)
            found |= {w.casefold() for w in WORD.findall(text)}
        return found

    english = [t for e in live(catalog("en")) for t in (e.msgid, e.msgid_plural) if t]
    own = [t for e in live(catalog(language)) for t in translations(e) if t]
    # Field paths and codes quoted in messages ("handover.persons", "boarded/no_show",
    # "open-needs.geojson") are no words of the language.
    own = [re.sub(r"\S*[._/\[\]$=]\S*", " ", text) for text in own]
    return words(english) - words(own)


def left_in_english(
    text: str, language: str, names: set[str], dictionary: set[str] | None = None
) -> list[str]:
    """The English words of a page's text in `language`, names and codes aside."""
    kept = {w.casefold() for name in names for w in WORD.findall(name)} | SOFTWARE | FORMATS
    tokens = [t for t in re.split(r"[\s·•|()\[\]{}:;,!?«»\"“”]+", text) if not is_code(t)]
    if language in NOT_LATIN_SCRIPT:
        found = {w for t in tokens for w in LATIN.findall(t)}
    else:
        assert dictionary is not None, "Latin-script languages are read against a dictionary"
        found = {w for t in tokens for w in WORD.findall(t) if w.casefold() in dictionary}
    return sorted(w for w in found if w.casefold() not in kept)


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
    users_names = ("aram", "lusine", "narek", "vardan")
    for name, role in zip(
        users_names, ("coordinator", "tracing_officer", "field_member", "driver"), strict=True
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
    names = {
        org.name, operation.name, team.name, destination.name,
        destination.receiving_organisation, "ПАЗ-1", arsen.full_name, "Թումանյան 3", *users_names,
    }  # fmt: skip
    return {"users": users, "trip": Trip.objects.get(plan=plan), "names": names}


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


@pytest.mark.parametrize("language", ["hy", "ru", "az"])
def test_no_english_is_left_on_the_pages_of_the_day(
    browser: Browser, live_server: Any, language: str
) -> None:
    data = _setup()
    base = live_server.url
    dictionary = english_words(language)
    left: dict[str, list[str]] = {}

    def check(text: str, what: str) -> None:
        words = left_in_english(text, language, data["names"], dictionary)
        if words:
            left[what] = words

    page = _in_language(browser, base, language, "lusine")
    page.goto(f"{base}{reverse('tracing:inquiry-new')}")
    check(page.evaluate(PAGE_TEXT), "inquiry form")
    page.context.close()

    page = _in_language(browser, base, language, "aram")
    page.goto(f"{base}{reverse('sweeps:coverage')}")
    page.wait_for_selector("#sweep-map[data-loaded]")
    # The pointer on an area of the map opens its tooltip (sweeps/coverage.js).
    box = page.locator("#sweep-map").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".leaflet-tooltip")
    check(page.evaluate(PAGE_TEXT), "sweeps")
    page.context.close()

    page = _in_language(browser, base, language, "narek", phone=True)
    page.goto(f"{base}{reverse('sweeps:visit-new')}")
    check(page.evaluate(PAGE_TEXT), "visit form (phone)")
    if language in ("hy", "az"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"visit-form-{language}.png"), full_page=True)
    page.context.close()

    page = _in_language(browser, base, language, "vardan", phone=True)
    page.goto(f"{base}{reverse('evacuation:my-trip')}")
    check(page.evaluate(PAGE_TEXT), "driver's trip")
    if language in ("hy", "az"):
        page.screenshot(path=str(SCREENSHOTS / f"my-trip-{language}.png"), full_page=True)
    pdf_url = reverse("evacuation:manifest-pdf", args=[data["trip"].pk])
    check(_pdf_text(page, f"{base}{pdf_url}"), "manifest PDF")
    page.context.close()

    assert left == {}, f"English left on the {language} pages"


def test_the_word_check_finds_english() -> None:
    """The check itself, without a browser: it must be able to fail."""
    names = {"Aram Petrosyan", "Goris"}
    page = "Հարցում · Save · KHA-0007 · Sweeps · 0.4km · CSV · Aram Goris · stranded"
    assert left_in_english(page, "hy", names) == ["Save", "Sweeps", "km"]
    assert left_in_english("Запрос · trip 1 · ПАЗ-1 → Goris", "ru", names) == ["trip"]
    dictionary = {"inquiry", "sweeps", "save", "visit"}
    az = "Ziyarət · Axtarış · Aram · Save · Visit KHA-0007 EVR-FCFEAF"
    assert left_in_english(az, "az", names, dictionary) == ["Save", "Visit"]


def test_the_azerbaijani_dictionary_is_english_less_azerbaijani() -> None:
    words = english_words("az")
    assert {"wheelchair", "save", "inquiry", "the"} <= words
    assert not {"plan", "status", "xərək"} & words
    # "open-needs.geojson" in a translation is a file name, not an Azerbaijani word.
    assert {"needs", "boarded"} <= words
