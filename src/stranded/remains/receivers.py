"""Remains found at a visit become records, inside the visit's transaction.

A visit that reports bodies but whose remains cannot be recorded fails as a whole (the receiver
raises): a body is never left without its code and its 'found' event.
"""

from __future__ import annotations

from typing import Any

from stranded.sweeps.signals import visit_recorded


def on_visit_recorded(sender: Any, *, visit: Any, by: Any, **kwargs: Any) -> None:
    if not visit.remains:
        return
    from stranded.remains.actions import remains_from_visit

    remains_from_visit(visit=visit, by=by)


def connect() -> None:
    visit_recorded.connect(on_visit_recorded, dispatch_uid="remains.from_visit")
