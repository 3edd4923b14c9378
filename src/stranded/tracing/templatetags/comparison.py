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


@register.filter
def field_label(field: str) -> str:
    """'given_name' -> 'Given name' (in the reader's language); an unknown key as it is."""
    return str(FIELD_LABELS.get(field, field))
