"""Dashboard cards: each app registers what works; no placeholder cards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stranded.core.roles import Perm

if TYPE_CHECKING:
    from stranded.core.models import User


@dataclass(frozen=True)
class Card:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


# A provider is given the user and the operation they work in: (user, operation) -> card or None.
CardProvider = Callable[[Any, Any], Card | None]
_providers: list[tuple[Perm, CardProvider]] = []


def register_card(perm: Perm) -> Callable[[CardProvider], CardProvider]:
    def decorator(provider: CardProvider) -> CardProvider:
        _providers.append((perm, provider))
        return provider

    return decorator


def cards_for(user: User) -> list[Card]:
    operation = user.operation
    if operation is None:  # no membership: no role, no card
        return []
    cards = []
    for perm, provider in _providers:
        if user.can(perm):
            card = provider(user, operation)
            if card is not None:
                cards.append(card)
    return cards
