"""One log format: request id, user id and verb on every line, JSON with STRANDED_LOG_FORMAT."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings

from stranded.core.logs import JSONFormatter, RequestFilter
from tests.base import StrandedTestCase


@contextmanager
def captured(formatter: logging.Formatter) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestFilter())
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line]


class LogTests(StrandedTestCase):
    def test_it_writes_one_json_access_line_per_request(self) -> None:
        self.login(self.coordinator)
        with captured(JSONFormatter()) as stream:
            response = self.client.get("/places/")
        access = [line for line in lines(stream) if line["logger"] == "stranded.access"]
        self.assertEqual(len(access), 1)
        line = access[0]
        self.assertEqual((line["verb"], line["path"], line["status"]), ("GET", "/places/", 200))
        self.assertEqual(line["user_id"], self.coordinator.pk)
        self.assertEqual(line["request_id"], response["X-Request-ID"])
        self.assertRegex(line["request_id"], r"^[0-9a-f]{32}$")
        self.assertEqual(line["level"], "INFO")

    def test_it_gives_app_lines_the_request_id_of_their_request(self) -> None:
        self.login(self.coordinator)
        with captured(JSONFormatter()) as stream:
            self.client.get("/no-such-page/", headers={"X-Request-ID": "proxy-req-0001"})
        by_logger = {line["logger"]: line for line in lines(stream)}
        self.assertEqual(by_logger["django.request"]["request_id"], "proxy-req-0001")
        self.assertEqual(by_logger["django.request"]["user_id"], self.coordinator.pk)
        self.assertEqual(by_logger["stranded.access"]["status"], 404)

    def test_it_replaces_a_malformed_request_id(self) -> None:
        with captured(JSONFormatter()) as stream:
            response = self.client.get("/login/", headers={"X-Request-ID": "x\nforged line"})
        self.assertRegex(response["X-Request-ID"], r"^[0-9a-f]{32}$")
        self.assertEqual(lines(stream)[-1]["user_id"], None)

    def test_it_never_logs_query_strings_or_bodies(self) -> None:
        self.login(self.tracing_officer)
        with captured(JSONFormatter()) as stream:
            self.client.get("/api/places/resolve?q=Հովհաննիսյան")
            self.client.post("/tracing/inquiries/new/", {"sought_family_name": "Օհանյան"})
        text = stream.getvalue()
        self.assertNotIn("Հովհաննիսյան", text)
        self.assertNotIn("Օհանյան", text)
        self.assertIn('"path": "/api/places/resolve"', text)

    def test_it_writes_the_same_fields_in_plain_lines(self) -> None:
        plain = logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"])
        self.login(self.coordinator)
        with captured(plain) as stream:
            response = self.client.get("/places/")
        last = stream.getvalue().splitlines()[-1]
        self.assertIn(f"[request {response['X-Request-ID']} user {self.coordinator.pk}]", last)
        self.assertIn(" INFO stranded.access [", last)
        self.assertTrue(last.endswith("GET /places/ 200"), last)
