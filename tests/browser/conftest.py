"""Browser tests: Debian's chromium driven by Playwright against Django's live server.

Playwright never downloads a browser here: it launches /usr/bin/chromium (installed by
`make chromium`). Screenshots go to docs/screenshots/ when they illustrate README.md.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Without the background-networking flags chromium keeps calling out and is refused by this network.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (Debian's chromium package)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every page reports Content-Security-Policy violations back to the test, which fails on any.
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation({directive: e.violatedDirective, blocked: e.blockedURI,
                         source: e.sourceFile, line: e.lineNumber, page: location.pathname});
});"""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    violations: list[dict[str, object]] = []
    context.expose_binding("__cspViolation", lambda source, report: violations.append(report))
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    """The password, then the second factor where the account needs one: enrolment through its
    page at the first login (the code of the key it shows), the device's code after that."""
    from tests.twofactor import device_code, enrolling_code

    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    # The page's own form: the header's forms (language switch) have buttons too.
    page.click("main button[type=submit]")
    steps = ("/login/verify/", "/login/enrol/")
    page.wait_for_url(lambda url: "/login/" not in url or any(s in url for s in steps))
    if "/login/enrol/" in page.url:
        page.wait_for_selector("#totp-qr svg")
        page.fill("#id_code", enrolling_code(username))
        page.click("main button[type=submit]")
        page.click("#continue")
    elif "/login/verify/" in page.url:
        page.fill("#id_code", device_code(username))
        page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


@pytest.fixture(autouse=True)
def _flushable_append_only_tables(transactional_db: None) -> Iterator[None]:
    """Browser tests flush the database after each test; lift the append-only guard for that."""
    from django.db import connection

    from stranded.core.dbguards import install_append_only, remove_append_only

    install_append_only(connection)
    yield
    remove_append_only(connection)


def khankendi_operation(**fields: Any) -> Any:
    """The operation of the browser tests, centred on Khankendi (`fields`: others to set, a
    time zone, a place display policy)."""
    from stranded.core.models import Operation, Organisation

    org = Organisation.objects.create(name="Browser org")
    return Operation.objects.create(
        organisation=org,
        name="Khankendi 2023",
        synthetic=True,
        center_lat=39.8155,
        center_lon=46.7519,
        **fields,
    )


def gazetteer_and_user(username: str, role: str) -> Any:
    """The packaged gazetteer, the Khankendi operation and one user of it (password PASSWORD)."""
    from django.core.management import call_command

    from stranded.core.models import Membership, User
    from tests.base import PASSWORD

    call_command("places", "import", verbosity=0)
    operation = khankendi_operation()
    user = User.objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=user, operation=operation, role=role)
    return operation
