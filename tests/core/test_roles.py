from stranded.core.roles import PERSONAL_DATA_PERMS, Perm, Role, permissions_for


def test_it_gives_admins_and_auditors_no_personal_data() -> None:
    for role in (Role.ADMIN, Role.AUDITOR, Role.LIAISON, Role.DRIVER):
        assert permissions_for(role) & PERSONAL_DATA_PERMS == frozenset(), role


def test_it_scopes_field_members_to_their_areas() -> None:
    perms = permissions_for(Role.FIELD_MEMBER)
    assert Perm.VIEW_PERSONS_IN_AREAS in perms
    assert Perm.VIEW_PERSONS not in perms


def test_it_gives_audit_to_auditors_only() -> None:
    holders = [role for role in Role if Perm.VIEW_AUDIT in permissions_for(role)]
    assert holders == [Role.AUDITOR]


def test_it_gives_nothing_without_a_role() -> None:
    assert permissions_for(None) == frozenset()
    assert permissions_for("stranger") == frozenset()
