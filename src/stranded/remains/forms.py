"""Validation of remains, custody events and identifications, shared by pages, API and visits.

Data arrives as a plain dict; `RemainsForm`, `CustodyEventForm` and `IdentificationForm` check it
with `check(data)`, which returns it cleaned or raises InputError naming each faulty field (and
the row, for a visit's list of remains).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from stranded.core.inputs import (
    Choice,
    InputError,
    InputForm,
    Moment,
    Point,
    Text,
    Whole,
    check_rows,
)
from stranded.remains.models import (
    ATTACHMENT_SUFFIXES,
    Attachment,
    CustodyKind,
    IdMethod,
    IdStatus,
)
from stranded.sweeps.models import Outcome
from stranded.tracing.models import Sex

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_TYPES = ATTACHMENT_SUFFIXES
# Events recorded after the 'found' one; 'found' comes only with the record itself.
LATER_KINDS = [k for k in CustodyKind.values if k != CustodyKind.FOUND]
NEEDS_PARTY = (CustodyKind.TRANSFERRED_TO, CustodyKind.HANDED_OVER)


class RemainsForm(Point):
    """A body found (its point, lat and lon, comes first: from Point)."""

    area = Text(40)
    address = Text(300)
    found_where = Text(300)
    # A time without a zone (a page's datetime-local field) is taken in the current zone.
    found_at = Moment(naive="local")
    condition = Text(200)
    effects = Text(2000)
    sex = Choice(Sex.values)
    age_min = Whole(0, 120)
    age_max = Whole(0, 120)
    document_names = Text(300)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # A point given but refused is reported as such, not as no place at all.
        refused = "lat" not in cleaned or "lon" not in cleaned
        pointed = not refused and cleaned["lat"] is not None
        if not (refused or pointed or cleaned["found_where"] or cleaned["address"]):
            self.fault("found_where", _("say where the body was found (place, address or point)"))
        low, high = cleaned.get("age_min"), cleaned.get("age_max")
        if low is not None and high is not None and low > high:
            self.fault(
                "age_max",
                _("%(high)s is below the minimum age %(low)s") % {"high": high, "low": low},
            )
        return cleaned


class CustodyEventForm(Point):
    """Collected, stored, transferred, handed over, or a correction of an earlier event."""

    kind = Choice(LATER_KINDS)
    at = Moment(naive="local")
    where = Text(300)
    receiving_organisation = Text(200)
    receiving_name = Text(200)
    note = Text(2000)
    corrects = Text(40)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned["where"]:
            self.fault("where", _("is required: the current location must always be known"))
        kind = cleaned.get("kind")
        if kind in NEEDS_PARTY and not (
            cleaned["receiving_organisation"] or cleaned["receiving_name"]
        ):
            self.fault("receiving_organisation", _("name who receives the body"))
        if kind == CustodyKind.CORRECTION and not cleaned["corrects"]:
            self.fault("corrects", _("a correction names the event it corrects"))
        if kind and kind != CustodyKind.CORRECTION and cleaned["corrects"]:
            self.fault("corrects", _("only a correction refers to another event"))
        return cleaned


class IdentificationForm(InputForm):
    status = Choice(IdStatus.values)
    method = Choice(IdMethod.values)
    person = Text(40)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status", IdStatus.UNIDENTIFIED) != IdStatus.UNIDENTIFIED:
            if not cleaned["person"]:
                self.fault("person", _("name the person identified"))
            if "method" in cleaned and not cleaned["method"]:
                self.fault("method", _("say how the body was identified"))
        return cleaned


class AttachmentForm(InputForm):
    """What comes with an uploaded file (the file itself is checked by `clean_upload`)."""

    kind = Choice(Attachment.Kind.values, Attachment.Kind.PHOTO)
    caption = Text(200)


class VisitRemainsForm(InputForm):
    """One row of a visit's `remains` list: how many bodies, their condition, effects."""

    count = Whole(1, 100, default=1)
    condition = Text(200)
    effects = Text(2000)


def clean_visit_remains(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A visit's remains (called by fieldwork with the whole visit), checked once, here, or
    InputError naming `remains[1].count`; 'deceased found' without a list is one body."""
    remains = check_rows(data, "remains", VisitRemainsForm)
    if str(data.get("outcome") or "").strip() == Outcome.DECEASED_FOUND and not remains:
        remains = [{"count": 1, "condition": "", "effects": ""}]
    return remains


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
    InputError otherwise (an HTML page named photo.jpg is refused)."""
    if upload is None:
        raise InputError("file", _("is required"))
    if upload.size > MAX_UPLOAD_BYTES:
        raise InputError(
            "file",
            _("is larger than %(MAX_UPLOAD_BYTES)s MB")
            % {"MAX_UPLOAD_BYTES": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    upload.seek(0)
    content_type = sniff(upload.read(16))
    upload.seek(0)
    if content_type is None:
        raise InputError(
            "file", _("is not one of %(join)s (by its content)") % {"join": ", ".join(UPLOAD_TYPES)}
        )
    return content_type
