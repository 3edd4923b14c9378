"""The client's address: from a trusted proxy's headers only, for the audit log and the lockout."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from tests.base import PASSWORD, StrandedTestCase

PROXY = "10.1.2.3"


class ClientAddressTests(StrandedTestCase):
    def post_login(self, password: str, *, remote: str = PROXY, **headers: str) -> object:
        return self.client.post(
            reverse("core:login"),
            {"username": "coordinator", "password": password},
            REMOTE_ADDR=remote,
            headers=headers,
        )

    def login_ips(self) -> list[str | None]:
        return [e.ip for e in self.events(verb__startswith="login")]

    def test_it_ignores_forwarding_headers_without_a_trusted_proxy(self) -> None:
        self.post_login("wrong password here", x_real_ip="203.0.113.5")
        self.post_login("wrong password here", x_forwarded_for="203.0.113.6")
        self.assertEqual(self.login_ips(), [PROXY, PROXY])

    @override_settings(STRANDED_TRUSTED_PROXIES=["10.1.2.0/24"])
    def test_it_takes_the_address_a_trusted_proxy_forwards(self) -> None:
        self.post_login("wrong password here", x_real_ip="203.0.113.5")
        # The client wrote the first X-Forwarded-For entry itself; the proxy appended the second.
        self.post_login("wrong password here", x_forwarded_for="198.51.100.1, 203.0.113.6")
        self.post_login("wrong password here", x_forwarded_for="203.0.113.7, 10.1.2.9")
        self.assertEqual(self.login_ips(), ["203.0.113.5", "203.0.113.6", "203.0.113.7"])

    @override_settings(STRANDED_TRUSTED_PROXIES=["10.1.2.0/24"])
    def test_it_ignores_forwarding_headers_from_an_untrusted_address(self) -> None:
        self.post_login("wrong password here", remote="192.0.2.44", x_real_ip="203.0.113.5")
        self.post_login("wrong password here", remote="192.0.2.44", x_forwarded_for="not-an-ip")
        self.assertEqual(self.login_ips(), ["192.0.2.44", "192.0.2.44"])

    @override_settings(STRANDED_TRUSTED_PROXIES=["10.1.2.3"])
    def test_it_locks_out_the_failing_client_not_everyone_behind_the_proxy(self) -> None:
        for _ in range(5):
            self.post_login("wrong password here", x_real_ip="203.0.113.5")
        locked = self.post_login(PASSWORD, x_real_ip="203.0.113.5")
        self.assertEqual(locked.status_code, 429)
        other = self.post_login(PASSWORD, x_real_ip="198.51.100.20")
        # The password is taken; the coordinator's second factor comes next.
        self.assertRedirects(other, reverse("core:login-enrol"), fetch_redirect_response=False)

    def test_it_locks_out_by_connection_when_no_proxy_is_trusted(self) -> None:
        # Without a trusted proxy, a client changing its X-Real-IP does not escape the lockout.
        for n in range(5):
            self.post_login("wrong password here", x_real_ip=f"203.0.113.{n}")
        locked = self.post_login(PASSWORD, x_real_ip="198.51.100.20")
        self.assertEqual(locked.status_code, 429)
