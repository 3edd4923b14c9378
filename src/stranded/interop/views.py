"""Sharing: the aggregate datasets partners may receive, as HXL CSV and GeoJSON downloads.

Each download is audited (who took which dataset). No personal data is in any of them (see
exports.py), so nothing here reads a personal record.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from stranded.core.access import actor, ensure_operation, require_perm
from stranded.core.audit import record_export
from stranded.core.http import download_response
from stranded.core.roles import Perm
from stranded.interop.exports import DATASETS, min_count, open_needs_geojson


@require_GET
@require_perm(Perm.VIEW_AGGREGATES)
def index(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.VIEW_AGGREGATES)
    datasets = [(d, len(d.table(operation))) for d in DATASETS.values()]
    context = {"datasets": datasets, "operation": operation, "threshold": min_count(operation)}
    return render(request, "interop/index.html", context)


@require_GET
@require_perm(Perm.VIEW_AGGREGATES)
def dataset_csv(request: HttpRequest, slug: str) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.VIEW_AGGREGATES)
    dataset = DATASETS.get(slug)
    if dataset is None:
        raise Http404
    table = dataset.table(operation)
    record_export(
        actor=actor(request), target=("interop.dataset", slug), format="hxl-csv", count=len(table)
    )
    body = dataset.csv(operation, table)
    return download_response(body, content_type="text/csv; charset=utf-8", filename=f"{slug}.csv")


@require_GET
@require_perm(Perm.VIEW_AGGREGATES)
def dataset_metadata(request: HttpRequest, slug: str) -> HttpResponse:
    """The HDX-style description of a dataset (title, source, date, methodology, licence,
    disclosure control), to upload beside the CSV."""
    operation = ensure_operation(actor(request), Perm.VIEW_AGGREGATES)
    dataset = DATASETS.get(slug)
    if dataset is None:
        raise Http404
    text = json.dumps(dataset.metadata(operation), ensure_ascii=False, indent=2)
    return download_response(text, content_type="application/json", filename=f"{slug}.meta.json")


@require_GET
@require_perm(Perm.VIEW_AGGREGATES)
def open_needs(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.VIEW_AGGREGATES)
    collection = open_needs_geojson(operation)
    record_export(
        actor=actor(request),
        target=("interop.dataset", "open-needs"),
        format="geojson",
        count=len(collection["features"]),
    )
    text = json.dumps(collection, ensure_ascii=False)
    return download_response(
        text, content_type="application/geo+json", filename="open-needs.geojson"
    )
