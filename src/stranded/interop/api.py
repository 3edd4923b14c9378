"""/api/sharing/: the aggregate datasets (rows as JSON, suppressed as in the CSV files)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from stranded.core.access import actor, ensure_operation
from stranded.core.audit import record_export
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
    rows = found.table(operation)
    record_export(
        actor=actor(request), target=("interop.dataset", slug), format="json", count=len(rows)
    )
    return {"slug": slug, "hxl": [c.hxl for c in found.columns], "rows": rows}


@router.get("/open-needs")
def open_needs(request: HttpRequest) -> dict[str, Any]:
    operation = ensure_operation(actor(request), Perm.VIEW_AGGREGATES)
    collection = open_needs_geojson(operation)
    record_export(
        actor=actor(request),
        target=("interop.dataset", "open-needs"),
        format="geojson",
        count=len(collection["features"]),
    )
    return collection
