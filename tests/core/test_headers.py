"""Content-Security-Policy without inline scripts, Permissions-Policy, and no-store caching of
pages and API answers (personal data must not stay in a shared tablet's cache)."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

import stranded
from tests.base import StrandedTestCase

TEMPLATES = Path(stranded.__file__).parent


class HeadersTests(StrandedTestCase):
    def test_it_sends_a_policy_without_inline_scripts(self) -> None:
        response = self.client.get(reverse("core:login"))
        policy = dict(
            part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
        )
        self.assertEqual(policy["script-src"], "'self'")
        self.assertEqual(policy["frame-ancestors"], "'none'")
        self.assertEqual(policy["object-src"], "'none'")
        self.assertIn("camera=()", response["Permissions-Policy"])

    def test_it_allows_the_configured_tile_server_for_images(self) -> None:
        from stranded.core.headers import content_security_policy

        with self.settings(STRANDED_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png"):
            self.assertIn(
                "img-src 'self' data: blob: https://tiles.example.org", content_security_policy()
            )

    def test_it_keeps_pages_and_api_answers_out_of_caches(self) -> None:
        self.login(self.coordinator)
        for url in (
            reverse("tracing:inquiry-list"),
            "/api/tracing/inquiries",
            reverse("core:dashboard"),
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn("no-store", response["Cache-Control"], url)
            self.assertIn("Content-Security-Policy", response, url)

    def test_it_has_no_inline_script_in_any_template(self) -> None:
        inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
        handler = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
        offenders = []
        for template in TEMPLATES.rglob("templates/**/*.html"):
            text = template.read_text()
            if inline_script.search(text) or handler.search(text) or "hx-on" in text:
                offenders.append(str(template.relative_to(TEMPLATES)))
        self.assertEqual(offenders, [])
