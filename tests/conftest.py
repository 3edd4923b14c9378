import os

import pytest

# Browser tests drive a live server from a synchronous Playwright session.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(autouse=True)
def _fresh_match_indexes() -> None:
    """Each test starts with no in-memory matching index left over from another test."""
    from stranded.tracing.index import forget_all

    forget_all()


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Each test starts in the site's default language: a request in Armenian activates it for
    the thread, and a test after it must not read its places or messages in Armenian."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
