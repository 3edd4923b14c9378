"""A password check Django lacks: `aaaaaaaaaaaa` is twelve characters and no password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from stranded.core.models import User


class VarietyValidator:
    def __init__(self, min_distinct: int = 6) -> None:
        self.min_distinct = min_distinct

    def validate(self, password: str, user: User | None = None) -> None:
        if len(set(password.casefold())) < self.min_distinct:
            raise ValidationError(
                f"This password has fewer than {self.min_distinct} different characters.",
                code="password_too_repetitive",
            )

    def get_help_text(self) -> str:
        return f"Your password must contain at least {self.min_distinct} different characters."
