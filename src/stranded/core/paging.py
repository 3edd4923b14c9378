"""One way every list pages: "N-M of T", previous/next, a page size the user picks, and a CSV
export of what the filters show (the caller names the columns: the minimum a reader needs).

    page = paged(request, rows)                   # then {% include "core/_pager.html" %}
    if wants_csv(request): return csv_export(request, rows, columns, name=..., target=...)
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse

from stranded.core.access import actor
from stranded.core.audit import record_export

SIZES = (25, 50, 100, 200)
EXPORT_LIMIT = 50_000  # a list's export is what its filters show, never more than this


def paged(request: HttpRequest, rows: Any, *, size: int = 50) -> Page:
    """The page the request asks for (`page`, `size`); a bad value gives the first / default."""
    asked = request.GET.get("size", "")
    per = int(asked) if asked.isdigit() and int(asked) in SIZES else size
    page = Paginator(rows, per).get_page(request.GET.get("page"))
    page.sizes = SIZES  # type: ignore[attr-defined]
    return page


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("export") == "csv"


def csv_export(
    request: HttpRequest, rows: Iterable[Any], columns: list[tuple[str, Callable[[Any], Any]]],
    *, name: str, target: tuple[str, str],
) -> HttpResponse:  # fmt: skip
    """The rows the filters select (within the user's scope: the caller's queryset), only the
    columns named; the download is audited with its format and count."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow([header for header, _ in columns])
    count = 0
    for row in rows[:EXPORT_LIMIT] if hasattr(rows, "__getitem__") else rows:
        writer.writerow(["" if (v := value(row)) is None else v for _, value in columns])
        count += 1
    record_export(actor=actor(request), target=target, format="csv", count=count)
    return response
