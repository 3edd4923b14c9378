"""A password check Django lacks: `aaaaaaaaaaaa` is twelve characters and no password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from stranded.core.models import User


class VarietyValidator:
    def __init__(self, min_distinct: int = 6) -> None:
        self.min_distinct = min_distinct

    def validate(self, password: str, user: User | None = None) -> None:
        if len(set(password.casefold())) < self.min_distinct:
            raise ValidationError(
                _("This password has fewer than %(min_distinct)s different characters.")
                % {"min_distinct": self.min_distinct},
                code="password_too_repetitive",
            )

    def get_help_text(self) -> str:
        return _("Your password must contain at least %(min_distinct)s different characters.") % {
            "min_distinct": self.min_distinct
        }
