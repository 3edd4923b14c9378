"""Who gets what at every URL: the one table the role-by-URL test checks.

A row per page (URL name) and per API operation ("METHOD /api/path" as in the OpenAPI schema).
`ok(...)` names the roles that get in and the status they get; every other role gets 404
(missing and forbidden look alike), anonymous visitors the row's `anonymous` status (pages send
them to the login page: 302; the API and OpenRosa answer 401). A URL added to the app without a
row here fails the test: add its row.

Pages are fetched with GET; POST-only pages answer 405 to GET before any check (the test sends
no body to them). API operations are called with their own method and an empty JSON body, so
roles that get in see 422 where a body is required; each call is rolled back.
"""

from __future__ import annotations

ROLES = (
    "coordinator", "tracing_officer", "field_member", "driver", "liaison", "auditor", "admin",
    "outsider",
)  # fmt: skip
OPERATIONAL = ("coordinator", "tracing_officer", "field_member", "liaison")
PERSONS = ("coordinator", "tracing_officer", "field_member")
PLACES = ("coordinator", "tracing_officer", "field_member", "driver", "liaison", "admin")


def ok(*roles: str, status: int = 200, anonymous: int = 302, **others: int) -> dict[str, int]:
    row = dict.fromkeys(ROLES, 404)
    row.update(dict.fromkeys(roles, status))
    row.update(others)
    row["anonymous"] = anonymous
    return row


def every(status: int, anonymous: int | None = None) -> dict[str, int]:
    """The same answer for everyone (a POST-only page answers 405 to GET before any check)."""
    return {
        **dict.fromkeys(ROLES, status),
        "anonymous": status if anonymous is None else anonymous,
    }


def api(*roles: str, status: int = 200, **others: int) -> dict[str, int]:
    return ok(*roles, status=status, anonymous=401, **others)


# OpenRosa answers 401 to browser sessions: phones authenticate on every request.
PAGES: dict[str, dict[str, int]] = {
    # Roles without a dashboard are sent on to their own start page.
    "core:dashboard": ok(*OPERATIONAL, driver=302, auditor=302, admin=302),
    # No task worker runs in the tests: the health check says so (anonymous, no personal data).
    "health": every(503),
    "core:login": every(302, anonymous=200),
    "core:logout": every(405),
    # The second step of a login answers only a login held after its password.
    "core:login-verify": every(302),
    "core:login-enrol": every(302),
    "core:two-factor": every(200, anonymous=302),
    "core:phones": ok("coordinator"),
    "core:phone-revoke": every(405),
    "core:audit-log": ok("auditor"),
    "core:record-access": ok("auditor"),
    "core:operation-settings": ok("coordinator"),
    "core:switch-operation": every(405),
    "core:switch-language": every(405),
    "core:users": ok("admin"),
    "core:user-active": every(405),
    "core:user-role": every(405),
    "core:user-link": every(405),
    "core:role-changes": ok("coordinator"),
    "core:role-decide": every(405),
    "core:set-password": every(302),
    "places:map": ok(*PLACES),
    "places:search": ok(*PLACES),
    "places:geojson": ok(*PLACES),
    "places:pick": ok(*PLACES),
    "places:add": every(405),
    "tracing:inquiry-list": ok("coordinator", "tracing_officer"),
    "tracing:inquiry-new": ok("coordinator", "tracing_officer"),
    "tracing:already-known": every(405),  # POST only: names never in a URL
    "tracing:inquiry-detail": ok("coordinator", "tracing_officer"),
    "tracing:inquiry-close": every(405),
    "tracing:inquiry-duplicate": every(405),
    "tracing:person-list": ok(*PERSONS),
    "tracing:person-detail": ok(*PERSONS),
    "tracing:person-edit": ok(*PERSONS),
    "tracing:match-queue": ok("coordinator", "tracing_officer"),
    "tracing:match-confirm": every(405),
    "tracing:match-reject": every(405),
    "tracing:match-decide-many": every(405),
    "tracing:follow-ups": ok("coordinator", "tracing_officer"),
    "tracing:follow-up-done": every(405),
    "sweeps:coverage": ok(*PERSONS),
    "sweeps:areas-geojson": ok(*PERSONS),
    "sweeps:area-detail": ok(*PERSONS),
    "sweeps:area-assign": every(405),
    "sweeps:area-from-place": every(405),
    "sweeps:areas-assign": every(405),
    "sweeps:area-release": every(405),
    "sweeps:area-complete": every(405),
    "sweeps:worklist": ok("coordinator", "field_member"),
    "sweeps:visit-list": ok(*PERSONS),
    "sweeps:visit-new": ok("coordinator", "field_member"),
    "sweeps:visit-detail": ok(*PERSONS),
    "evacuation:index": ok("coordinator"),
    "evacuation:requests": ok("coordinator"),
    "evacuation:request-new": ok("coordinator"),
    "evacuation:request-detail": ok("coordinator"),
    "evacuation:vehicles": ok("coordinator"),
    "evacuation:vehicle-edit": ok("coordinator"),
    "evacuation:destinations": ok("coordinator"),
    "evacuation:plans": ok("coordinator"),
    "evacuation:plan-compare": ok("coordinator"),
    "evacuation:plan-detail": ok("coordinator"),
    "evacuation:plan-progress": ok("coordinator"),
    "evacuation:plan-publish": every(405),
    "evacuation:trip-detail": ok("coordinator", "driver"),
    "evacuation:manifest-csv": ok("coordinator", "driver"),
    "evacuation:manifest-pdf": ok("coordinator", "driver"),
    "evacuation:trip-boarding": every(405),
    "evacuation:trip-handover": every(405),
    "evacuation:my-trip": ok("driver"),
    "evacuation:my-trip-detail": ok("driver"),
    "needs:index": ok(*PERSONS),
    "needs:list": ok(*PERSONS),
    "needs:new": ok("coordinator", "field_member"),
    "needs:utilities": ok(*PERSONS),
    "needs:utilities-geojson": ok(*PERSONS),
    "needs:detail": ok(*PERSONS),
    "needs:status": every(405),
    "remains:index": ok(*PERSONS),
    "remains:new": ok("coordinator", "field_member"),
    "remains:detail": ok(*PERSONS),
    "remains:event-new": every(405),
    "remains:identify": every(405),
    "remains:identify-search": every(405),
    "remains:attachment-upload": every(405),
    "remains:attachment": ok(*PERSONS),
    "animals:index": ok(*PERSONS),
    "animals:sightings-geojson": ok(*PERSONS),
    "animals:sighting-new": ok("coordinator", "field_member"),
    "animals:sighting-detail": ok(*PERSONS),
    "animals:sighting-action": every(405),
    "animals:partners": ok(*PERSONS),
    "animals:pet-list": ok(*PERSONS),
    "animals:pet-new": ok("coordinator", "tracing_officer"),
    "animals:pet-detail": ok(*PERSONS),
    "animals:pet-close": every(405),
    "animals:pet-confirm": every(405),
    "interop:index": ok("coordinator", "tracing_officer", "liaison"),
    "interop:open-needs": ok("coordinator", "tracing_officer", "liaison"),
    "interop:dataset": ok("coordinator", "tracing_officer", "liaison"),
    "interop:dataset-metadata": ok("coordinator", "tracing_officer", "liaison"),
    "interop:requests": ok("coordinator", "tracing_officer", "liaison"),
    "interop:request-approve": every(405),
    "interop:request-revoke": every(405),
    # A recipient's link: anonymous by design, and a wrong token is a 404 for everyone.
    "interop:download": every(404),
    "interop:movements": ok("coordinator", "tracing_officer", "liaison"),
    "interop:movement": ok("coordinator", "tracing_officer", "liaison"),
    "interop:movement-pdf": ok("coordinator", "tracing_officer", "liaison"),
    "interop:movement-json": ok("coordinator", "tracing_officer", "liaison"),
    "interop:movement-answer": every(405),
    "interop:movement-override": every(405),
    "openrosa:form-list": every(401),
    "openrosa:form": every(401),
    "openrosa:submission": every(401),
}

# API operations whose body or query is validated before the permission check answer 422 to
# every logged-in role (no record is read before that); those that read a record answer 404.
API: dict[str, dict[str, int]] = {
    "GET /api/core/me": every(200, anonymous=401),
    "GET /api/core/audit": api("auditor"),
    "GET /api/places/resolve": every(422, anonymous=401),
    "GET /api/places/{place_id}": every(422, anonymous=401),
    "POST /api/places/": every(422, anonymous=401),  # the body is checked before the role
    "GET /api/tracing/inquiries": api("coordinator", "tracing_officer"),
    "POST /api/tracing/inquiries": every(422, anonymous=401),
    "GET /api/tracing/inquiries/{inquiry_id}": api("coordinator", "tracing_officer"),
    "GET /api/tracing/persons/{person_id}": api(*PERSONS),
    "GET /api/tracing/matches": api("coordinator", "tracing_officer"),
    "POST /api/tracing/matches/{match_id}/confirm": api("coordinator", "tracing_officer"),
    "POST /api/tracing/matches/{match_id}/reject": api("coordinator", "tracing_officer"),
    "GET /api/sweeps/areas": api(*PERSONS),
    "GET /api/sweeps/coverage": api(*PERSONS),
    "POST /api/sweeps/areas/{area_id}/assign": every(422, anonymous=401),
    "POST /api/sweeps/areas/{area_id}/release": api("coordinator"),
    "POST /api/sweeps/areas/{area_id}/complete": api("coordinator", "field_member"),
    "POST /api/sweeps/visits": every(422, anonymous=401),
    "GET /api/sweeps/visits/{visit_id}": api(*PERSONS),
    "GET /api/sweeps/worklist": api("coordinator", "field_member"),
    "GET /api/evacuation/requests": api("coordinator"),
    "POST /api/evacuation/requests": api("coordinator", status=422),
    "GET /api/evacuation/requests/{request_id}": api("coordinator"),
    "POST /api/evacuation/requests/{request_id}/cancel": api("coordinator"),
    "GET /api/evacuation/vehicles": api("coordinator"),
    "POST /api/evacuation/vehicles": api("coordinator", status=422),
    "PUT /api/evacuation/vehicles/{vehicle_id}": api("coordinator"),
    "GET /api/evacuation/plans": api("coordinator"),
    "POST /api/evacuation/plans": api("coordinator", status=422),
    "GET /api/evacuation/plans/{plan_id}": api("coordinator"),
    "POST /api/evacuation/plans/{plan_id}/publish": api("coordinator", status=409),
    "GET /api/evacuation/trips": api("coordinator", "driver"),
    "GET /api/evacuation/trips/{trip_id}": api("coordinator", "driver"),
    "POST /api/evacuation/trips/{trip_id}/boarding": api("coordinator", "driver"),
    "POST /api/evacuation/trips/{trip_id}/handover": every(422, anonymous=401),
    "GET /api/needs/summary": api(*PERSONS),
    "GET /api/needs/": api(*PERSONS),
    "POST /api/needs/": every(422, anonymous=401),
    "GET /api/needs/{need_id}": api(*PERSONS),
    "POST /api/needs/{need_id}/status": every(422, anonymous=401),
    "GET /api/remains/": api(*PERSONS),
    "POST /api/remains/": api("coordinator", "field_member", status=422),
    "GET /api/remains/{remains_id}": api(*PERSONS),
    "POST /api/remains/{remains_id}/events": every(422, anonymous=401),
    "POST /api/remains/{remains_id}/identification": every(422, anonymous=401),
    "GET /api/remains/{remains_id}/attachments": api(*PERSONS),
    "POST /api/remains/{remains_id}/attachments": every(422, anonymous=401),
    "GET /api/remains/{remains_id}/attachments/{attachment_id}": api(*PERSONS),
    "GET /api/animals/sightings": api(*PERSONS),
    "POST /api/animals/sightings": every(422, anonymous=401),
    "GET /api/animals/sightings/{sighting_id}": api(*PERSONS),
    "POST /api/animals/sightings/{sighting_id}/actions": every(422, anonymous=401),
    "GET /api/animals/partners": api(*PERSONS),
    "POST /api/animals/partners": every(422, anonymous=401),
    "GET /api/animals/pets": api(*PERSONS),
    "POST /api/animals/pets": every(422, anonymous=401),
    "GET /api/animals/pets/{inquiry_id}": api(*PERSONS),
    "GET /api/animals/pets/{inquiry_id}/candidates": api(*PERSONS),
    "POST /api/animals/pets/{inquiry_id}/confirm": every(422, anonymous=401),
    "POST /api/animals/pets/{inquiry_id}/close": api("coordinator", "tracing_officer"),
    "GET /api/sharing/datasets": api("coordinator", "tracing_officer", "liaison"),
    "GET /api/sharing/datasets/{slug}": api("coordinator", "tracing_officer", "liaison"),
    "GET /api/sharing/open-needs": api("coordinator", "tracing_officer", "liaison"),
}
