"""No page or endpoint answers an anonymous visitor, except the login page."""

import uuid

from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver

OPEN = {"core:login", "core:set-password"}  # the one-time link shows "does not work"
EMPTY = {"api:api-root"}  # answers 404: nothing lives there


def all_patterns(resolver: URLResolver, prefix: str = "", ns: str = "") -> list[tuple[str, str]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{ns}{entry.namespace}:" if entry.namespace else ns
            found += all_patterns(entry, prefix + str(entry.pattern), namespace)
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), f"{ns}{entry.name}"))
    return found


def concrete(route: str) -> str:
    path = route
    for converter in ("<uuid:", "<str:", "<int:", "<slug:", "<path:", "<"):
        while converter in path:
            start = path.index(converter)
            end = path.index(">", start)
            value = "1" if converter == "<int:" else str(uuid.uuid4())
            path = path[:start] + value + path[end + 1 :]
    return "/" + path.lstrip("^").rstrip("$")


class AnonymousTests(TestCase):
    def test_it_opens_nothing_but_the_login_page_to_anonymous_visitors(self) -> None:
        patterns = [(r, n) for r, n in all_patterns(get_resolver()) if n not in OPEN | EMPTY]
        self.assertGreater(len(patterns), 10)
        for route, name in patterns:
            if "{" in route or "(?P" in route:
                continue
            path = concrete(route)
            response = self.client.get(path)
            self.assertIn(response.status_code, (302, 401, 405), f"{name} {path}")
            if response.status_code == 302:
                self.assertTrue(response["Location"].startswith("/login/"), f"{name} {path}")
