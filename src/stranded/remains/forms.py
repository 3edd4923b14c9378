"""Validation of remains, custody events and identifications, shared by pages, API and visits.

Data arrives as a plain dict; each `clean_*` returns it cleaned or raises RemainsError naming the
field (and the row, for a visit's list of remains).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from stranded.core import clock
from stranded.remains.models import ATTACHMENT_SUFFIXES, CustodyKind, IdMethod, IdStatus, Sex
from stranded.sweeps.forms import VisitError, nested, visit_items, whole
from stranded.sweeps.models import Outcome

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_TYPES = ATTACHMENT_SUFFIXES
# Events recorded after the 'found' one; 'found' comes only with the record itself.
LATER_KINDS = [k for k in CustodyKind.values if k != CustodyKind.FOUND]
NEEDS_PARTY = (CustodyKind.TRANSFERRED_TO, CustodyKind.HANDED_OVER)


class RemainsError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    return str(data.get(key) or "").strip()[:limit]


def _choice(data: dict[str, Any], key: str, allowed: list[str], default: str = "") -> str:
    value = str(data.get(key) or default).strip()
    if value not in allowed:
        listed = ", ".join(v or "(blank)" for v in allowed)
        raise RemainsError(
            key, _("'%(value)s' is not one of %(listed)s") % {"value": value, "listed": listed}
        )
    return value


def _int(data: dict[str, Any], key: str, low: int, high: int) -> int | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        number = int(str(value))
    except ValueError:
        raise RemainsError(key, _("'%(value)s' is not a whole number") % {"value": value}) from None
    if not low <= number <= high:
        raise RemainsError(
            key,
            _("%(number)s is outside %(low)s..%(high)s")
            % {"number": number, "low": low, "high": high},
        )
    return number


def _float(data: dict[str, Any], key: str, low: float, high: float) -> float | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        number = float(str(value))
    except ValueError:
        raise RemainsError(key, _("'%(value)s' is not a number") % {"value": value}) from None
    if not low <= number <= high:
        raise RemainsError(
            key,
            _("%(number)s is outside %(low)s..%(high)s")
            % {"number": number, "low": low, "high": high},
        )
    return number


def _when(data: dict[str, Any], key: str) -> datetime:
    value = data.get(key)
    if value in (None, ""):
        return clock.now()
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            parsed = parse_datetime(str(value).strip())
        except ValueError:  # well formed but impossible: 2023-02-30
            parsed = None
        if parsed is None:
            raise RemainsError(
                key, _("'%(value)s' is not a date and time (ISO 8601)") % {"value": value}
            )
        moment = parsed
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now() + timedelta(minutes=10):
        raise RemainsError(key, _("is in the future"))
    return moment


def _point(data: dict[str, Any]) -> tuple[float | None, float | None]:
    lat, lon = _float(data, "lat", -90, 90), _float(data, "lon", -180, 180)
    if (lat is None) != (lon is None):
        raise RemainsError("lat", _("latitude and longitude come together"))
    return lat, lon


def clean_remains(data: dict[str, Any]) -> dict[str, Any]:
    lat, lon = _point(data)
    cleaned: dict[str, Any] = {
        "area": _text(data, "area", 40),
        "address": _text(data, "address", 300),
        "found_where": _text(data, "found_where", 300),
        "lat": lat,
        "lon": lon,
        "found_at": _when(data, "found_at"),
        "condition": _text(data, "condition", 200),
        "effects": _text(data, "effects", 2000),
        "sex": _choice(data, "sex", Sex.values),
        "age_min": _int(data, "age_min", 0, 120),
        "age_max": _int(data, "age_max", 0, 120),
        "document_names": _text(data, "document_names", 300),
    }
    if not (cleaned["found_where"] or cleaned["address"] or lat is not None):
        raise RemainsError(
            "found_where", _("say where the body was found (place, address or point)")
        )
    low, high = _int(data, "age_min", 0, 120), _int(data, "age_max", 0, 120)
    if low is not None and high is not None and low > high:
        raise RemainsError(
            "age_max", _("%(high)s is below the minimum age %(low)s") % {"high": high, "low": low}
        )
    return cleaned


def clean_event(data: dict[str, Any]) -> dict[str, Any]:
    lat, lon = _point(data)
    cleaned = {
        "kind": _choice(data, "kind", LATER_KINDS),
        "at": _when(data, "at"),
        "where": _text(data, "where", 300),
        "lat": lat,
        "lon": lon,
        "receiving_organisation": _text(data, "receiving_organisation", 200),
        "receiving_name": _text(data, "receiving_name", 200),
        "note": _text(data, "note", 2000),
        "corrects": _text(data, "corrects", 40),
    }
    if not cleaned["where"]:
        raise RemainsError("where", _("is required: the current location must always be known"))
    if cleaned["kind"] in NEEDS_PARTY and not (
        cleaned["receiving_organisation"] or cleaned["receiving_name"]
    ):
        raise RemainsError("receiving_organisation", _("name who receives the body"))
    if cleaned["kind"] == CustodyKind.CORRECTION and not cleaned["corrects"]:
        raise RemainsError("corrects", _("a correction names the event it corrects"))
    if cleaned["kind"] != CustodyKind.CORRECTION and cleaned["corrects"]:
        raise RemainsError("corrects", _("only a correction refers to another event"))
    return cleaned


def clean_identification(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {
        "status": _choice(data, "status", IdStatus.values),
        "method": _choice(data, "method", IdMethod.values),
        "person": _text(data, "person", 40),
    }
    if cleaned["status"] != IdStatus.UNIDENTIFIED:
        if not cleaned["person"]:
            raise RemainsError("person", _("name the person identified"))
        if not cleaned["method"]:
            raise RemainsError("method", _("say how the body was identified"))
    return cleaned


def clean_visit_remains(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A visit's `remains` list (how many bodies, condition, effects), checked once, here; a
    visit whose outcome is 'deceased found' without a list reports one body."""
    remains = visit_items(data, "remains", _visit_remains)
    if str(data.get("outcome") or "").strip() == Outcome.DECEASED_FOUND and not remains:
        remains = [{"count": 1, "condition": "", "effects": ""}]
    return remains


def _visit_remains(data: dict[str, Any], index: int) -> dict[str, Any]:
    try:
        return {
            "count": whole(data, "count", low=1, high=100) or 1,
            "condition": str(data.get("condition") or "").strip()[:200],
            "effects": str(data.get("effects") or "").strip()[:2000],
        }
    except VisitError as error:
        raise nested(f"remains[{index + 1}]", error) from None


def sniff(head: bytes) -> str | None:
    """The type the file's first bytes say it is (never the name or the client's word)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def clean_upload(upload: Any) -> str:
    """The file's type, read from its content, if it is a photo or a document we keep;
    RemainsError otherwise (an HTML page named photo.jpg is refused)."""
    if upload is None:
        raise RemainsError("file", _("is required"))
    if upload.size > MAX_UPLOAD_BYTES:
        raise RemainsError(
            "file",
            _("is larger than %(MAX_UPLOAD_BYTES)s MB")
            % {"MAX_UPLOAD_BYTES": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    upload.seek(0)
    content_type = sniff(upload.read(16))
    upload.seek(0)
    if content_type is None:
        raise RemainsError(
            "file", _("is not one of %(join)s (by its content)") % {"join": ", ".join(UPLOAD_TYPES)}
        )
    return content_type
