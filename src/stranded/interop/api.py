"""/api/sharing/: the aggregate datasets (rows as JSON, suppressed as in the CSV files)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from stranded.core.access import actor, ensure_operation
from stranded.core.audit import record_event
from stranded.core.roles import Perm
from stranded.interop.exports import DATASETS, open_needs_geojson

router = Router(tags=["sharing"])


@router.get("/datasets")
def datasets(request: HttpRequest) -> list[dict[str, Any]]:
    ensure_operation(actor(request), Perm.VIEW_AGGREGATES)
    return [
        {
            "slug": d.slug,
            "title": d.title,
            "columns": [c.header for c in d.columns],
            "hxl": [c.hxl for c in d.columns],
        }
        for d in DATASETS.values()
    ]


@router.get("/datasets/{slug}")
def dataset(request: HttpRequest, slug: str) -> dict[str, Any]:
    operation = ensure_operation(actor(request), Perm.VIEW_AGGREGATES)
    found = DATASETS.get(slug)
    if found is None:
        raise Http404
    record_event(
        actor=actor(request),
        verb="export.downloaded",
        target=("interop.dataset", slug),
        detail={"format": "json"},
    )
    return {"slug": slug, "hxl": [c.hxl for c in found.columns], "rows": found.table(operation)}


@router.get("/open-needs")
def open_needs(request: HttpRequest) -> dict[str, Any]:
    operation = ensure_operation(actor(request), Perm.VIEW_AGGREGATES)
    target = ("interop.dataset", "open-needs")
    record_event(
        actor=actor(request), verb="export.downloaded", target=target, detail={"format": "geojson"}
    )
    return open_needs_geojson(operation)
