"""Work done once for the data as it is, kept in the process's cache under a stamp of that data
(counts and latest changes of the rows it reads), so any change the stamp covers is a new key."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

Kept = TypeVar("Kept")


def kept(prefix: str, stamp: object, build: Callable[[], Kept], *, seconds: int = 3600) -> Kept:
    """What `build()` gives for this stamp: built once, then read from the cache."""
    key = f"{prefix}:" + hashlib.sha256(repr(stamp).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, seconds)
    return found
