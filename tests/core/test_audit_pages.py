from django.urls import reverse

from stranded.core.audit import record_read
from tests.base import StrandedTestCase


class AuditPagesTests(StrandedTestCase):
    def test_it_shows_the_log_to_auditors_only(self) -> None:
        self.assert_status_by_role("get", reverse("core:audit-log"), {"auditor": 200})
        self.assert_status_by_role("get", reverse("core:record-access"), {"auditor": 200})

    def test_it_sends_anonymous_visitors_to_login(self) -> None:
        response = self.client.get(reverse("core:audit-log"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("core:login")))

    def test_it_filters_by_actor_and_verb(self) -> None:
        record_read(actor=self.tracing_officer, target=self.team)
        record_read(actor=self.coordinator, target=self.other_team)
        self.login(self.auditor)
        response = self.client.get(reverse("core:audit-log"), {"actor": "tracing", "verb": "read"})
        rows = response.context["page"].object_list
        self.assertEqual(
            [(e.actor_username, e.target_id) for e in rows], [("tracing", str(self.team.pk))]
        )

    def test_it_answers_who_accessed_a_record(self) -> None:
        record_read(actor=self.tracing_officer, target=self.team)
        record_read(actor=self.coordinator, target=self.team)
        record_read(actor=self.coordinator, target=self.other_team)
        self.login(self.auditor)
        response = self.client.get(
            reverse("core:record-access"),
            {"target_type": "core.team", "target_id": str(self.team.pk)},
        )
        who = sorted(e.actor_username for e in response.context["page"].object_list)
        self.assertEqual(who, ["coordinator", "tracing"])
        self.assertContains(response, "tracing")

    def test_it_finds_a_moved_record_under_its_old_and_new_label(self) -> None:
        # Areas were logged as sweeps.area before they moved to places (places.area).
        record_read(actor=self.coordinator, target=("sweeps.area", "a1"))
        record_read(actor=self.tracing_officer, target=("places.area", "a1"))
        record_read(actor=self.tracing_officer, target=("places.address", "a1"))
        self.login(self.auditor)
        for label in ("places.area", "sweeps.area"):
            response = self.client.get(
                reverse("core:record-access"), {"target_type": label, "target_id": "a1"}
            )
            rows = response.context["page"].object_list
            self.assertEqual(sorted(e.target_type for e in rows), ["places.area", "sweeps.area"])
            data = self.client.get(f"/api/core/audit?target_type={label}&target_id=a1").json()
            self.assertEqual(sorted(e["actor"] for e in data), ["coordinator", "tracing"])

    def test_it_records_that_the_log_was_read(self) -> None:
        self.login(self.auditor)
        self.client.get(reverse("core:audit-log"), {"verb": "read"})
        [event] = self.events(verb="audit.viewed")
        self.assertEqual(event.actor_username, "auditor")
        self.assertEqual(event.detail, {"filters": {"verb": "read"}})

    def test_it_hides_other_operations_events(self) -> None:
        record_read(actor=self.foreign_coordinator, target=self.team)
        self.login(self.auditor)
        response = self.client.get(reverse("core:audit-log"), {"actor": "foreign"})
        self.assertEqual(len(response.context["page"].object_list), 0)

    def test_api_lists_events_for_auditors_only(self) -> None:
        record_read(actor=self.tracing_officer, target=self.team)
        url = "/api/core/audit?target_type=core.team"
        self.assert_status_by_role("get", url, {"auditor": 200})
        self.login(self.auditor)
        data = self.client.get(url).json()
        self.assertEqual([(e["actor"], e["verb"]) for e in data], [("tracing", "read")])
