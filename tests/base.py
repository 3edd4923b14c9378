"""The base test case: named users per role and small builders. No JSON fixtures."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import TestCase, TransactionTestCase

from stranded.core.models import AuditEvent, Membership, Operation, Organisation, Team, User
from stranded.core.roles import Role

PASSWORD = "correct horse battery staple"


class StrandedTestCase(TestCase):
    """Users: coordinator, tracing_officer, field_member (team), other_field_member (other team),
    driver, liaison, auditor, admin; outsider has no membership; foreign_coordinator works in
    another operation."""

    operation: Operation
    team: Team
    other_team: Team
    coordinator: User
    tracing_officer: User
    field_member: User
    other_field_member: User
    driver: User
    liaison: User
    auditor: User
    admin: User
    outsider: User
    foreign_coordinator: User

    @classmethod
    def setUpTestData(cls) -> None:
        org = Organisation.objects.create(name="Test Red Cross")
        cls.operation = Operation.objects.create(
            organisation=org,
            name="Test operation",
            synthetic=True,
            center_lat=39.8155,
            center_lon=46.7519,
            started_on=date(2023, 9, 20),
        )
        cls.team = Team.objects.create(operation=cls.operation, name="Team A")
        cls.other_team = Team.objects.create(operation=cls.operation, name="Team B")
        cls.coordinator = cls.create_user("coordinator", Role.COORDINATOR)
        cls.tracing_officer = cls.create_user("tracing", Role.TRACING_OFFICER)
        cls.field_member = cls.create_user("field", Role.FIELD_MEMBER, team=cls.team)
        cls.other_field_member = cls.create_user("field2", Role.FIELD_MEMBER, team=cls.other_team)
        cls.driver = cls.create_user("driver", Role.DRIVER, team=cls.team)
        cls.liaison = cls.create_user("liaison", Role.LIAISON)
        cls.auditor = cls.create_user("auditor", Role.AUDITOR)
        cls.admin = cls.create_user("admin", Role.ADMIN)
        cls.outsider = User.objects.create_user("outsider", password=PASSWORD)
        other = Operation.objects.create(organisation=org, name="Other operation")
        cls.foreign_coordinator = cls.create_user("foreign", Role.COORDINATOR, operation=other)

    @classmethod
    def create_user(
        cls,
        username: str,
        role: str,
        *,
        team: Team | None = None,
        operation: Operation | None = None,
    ) -> User:
        user = User.objects.create_user(username, password=PASSWORD)
        Membership.objects.create(
            user=user, operation=operation or cls.operation, role=role, team=team
        )
        return user

    def users_by_role(self) -> dict[str, User]:
        return {
            "coordinator": self.coordinator,
            "tracing_officer": self.tracing_officer,
            "field_member": self.field_member,
            "driver": self.driver,
            "liaison": self.liaison,
            "auditor": self.auditor,
            "admin": self.admin,
            "outsider": self.outsider,
        }

    def login(self, user: User) -> None:
        self.client.force_login(user)

    def events(self, **filters: Any) -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(**filters).order_by("at"))

    def assert_status_by_role(
        self, method: str, url: str, expected: dict[str, int], **kwargs: Any
    ) -> None:
        """Every role gets the expected status; roles not named must get 404 (hidden)."""
        for name, user in self.users_by_role().items():
            self.client.force_login(user)
            response = getattr(self.client, method)(url, **kwargs)
            self.assertEqual(
                response.status_code, expected.get(name, 404), f"{name} {method.upper()} {url}"
            )
        self.client.logout()


class StrandedTransactionTestCase(TransactionTestCase):
    """For real concurrent transactions (PostgreSQL): the same users as StrandedTestCase, built
    per test; the append-only guard is lifted only for the flush after each test."""

    create_user = classmethod(StrandedTestCase.create_user.__func__)  # type: ignore[attr-defined]
    users_by_role = StrandedTestCase.users_by_role
    login = StrandedTestCase.login

    def setUp(self) -> None:
        StrandedTestCase.setUpTestData.__func__(type(self))  # type: ignore[attr-defined]

    def _fixture_teardown(self) -> None:
        from django.db import connection

        from stranded.core.dbguards import install_append_only, remove_append_only

        remove_append_only(connection)
        try:
            super()._fixture_teardown()
        finally:
            install_append_only(connection)
