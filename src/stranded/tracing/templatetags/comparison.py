"""A match's comparison as a person reads it: the field named by its label, never its key."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

FIELD_LABELS = {
    "given_name": _("Given name"), "family_name": _("Family name"),
    "father_name": _("Father's name"), "sex": _("Sex"), "birth": _("Born"),
    "place": _("Place"), "address": _("Address"), "phone": _("Phone"),
    "document_number": _("Document"),
}  # fmt: skip


# The engine's levels (tracing/matching/compare.py), as a tracing officer reads them.
LEVEL_LABELS = {
    "different": _("different"), "another known name": _("another known name"),
    "similar": _("similar"), "close": _("close"), "same across scripts": _("same across scripts"),
    "exact": _("exact"), "same": _("same"), "one typo": _("one typo"),
    "over 10 years apart": _("over 10 years apart"), "years apart": _("years apart"),
    "full dates years apart": _("full dates years apart"), "dates conflict": _("dates conflict"),
    "near (±1 year, or age ±3)": _("near (±1 year, or age ±3)"),
    "one slip in the date": _("one slip in the date"), "same year": _("same year"),
    "same date": _("same date"),
}  # fmt: skip
BAND_LABELS = {"likely": _("likely"), "possible": _("possible")}


@register.filter
def level_label(level: str) -> str:
    """'same across scripts' in the reader's language; a level not listed as it is."""
    return str(LEVEL_LABELS.get(level, level))


@register.filter
def band_label(band: str) -> str:
    """'likely' or 'possible' in the reader's language."""
    return str(BAND_LABELS.get(band, band))


@register.filter
def field_label(field: str) -> str:
    """'given_name' -> 'Given name' (in the reader's language); an unknown key as it is."""
    return str(FIELD_LABELS.get(field, field))
