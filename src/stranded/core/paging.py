"""One way every list pages: "N-M of T", previous/next, a page size the user picks, and a CSV
export of what the filters show (the caller names the columns: the minimum a reader needs).

    page = paged(request, rows)                   # then {% include "core/_pager.html" %}
    if wants_csv(request): return csv_export(request, rows, columns, name=..., target=...)

Django's Paginator counts every row of the list to say "page 3 of 4,017": at 200,000 rows the
count costs more than the page itself. `CappedPaginator` stops counting at `cap` + 1 rows: below
the cap it says exactly how many there are, above it "more than 10,000" (`total_label`), and its
pages reach as far as the cap (filters narrow the rest). The count query is bounded by the cap,
not by the operation's size.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from stranded.core.access import actor
from stranded.core.audit import record_export
from stranded.core.http import download_response

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(
        self, object_list: Any, per_page: int, *, cap: int = COUNT_CAP, counted: int | None = None
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap
        self.counted = counted

    @cached_property
    def _counted(self) -> int:
        """The rows, up to cap + 1 (one query reading at most cap + 1 rows), unless the caller
        counted them a cheaper way (`counted`)."""
        if self.counted is not None:
            return min(self.counted, self.cap + 1)
        rows = self.object_list
        if hasattr(rows, "order_by"):  # a queryset: count a bounded subquery, unordered
            return int(rows.order_by()[: self.cap + 1].count())
        return min(len(rows), self.cap + 1)

    @cached_property
    def count(self) -> int:
        """The rows the pages reach: all of them, or the first `cap`."""
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """More rows than the cap: the pages end there."""
        return self._counted > self.cap

    @property
    def total_label(self) -> str:
        if self.capped:
            return _("more than %(cap)s") % {"cap": number_format(self.cap, force_grouping=True)}
        return str(number_format(self.count, force_grouping=True))


API_LIMIT = 50
API_MOST = 500


def window(rows: Any, limit: int = API_LIMIT, offset: int = 0) -> Any:
    """An API list's slice: `limit` rows (1 to 500) from `offset`."""
    start = max(0, offset)
    return rows[start : start + max(1, min(limit, API_MOST))]


SIZES = (25, 50, 100, 200)
EXPORT_LIMIT = 50_000  # a list's export is what its filters show, never more than this


def paged(request: HttpRequest, rows: Any, *, size: int = 50, counted: int | None = None) -> Page:
    """The page the request asks for (`page`, `size`); a bad value gives the first / default."""
    asked = request.GET.get("size", "")
    per = int(asked) if asked.isdigit() and int(asked) in SIZES else size
    page = CappedPaginator(rows, per, counted=counted).get_page(request.GET.get("page"))
    page.sizes = SIZES  # type: ignore[attr-defined]
    return page


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("export") == "csv"


def csv_export(
    request: HttpRequest,
    rows: Iterable[Any],
    columns: list[tuple[str, Callable[[Any], Any]]],
    *,
    name: str,
    target: tuple[str, str],
) -> HttpResponse:
    """The rows the filters select (within the user's scope: the caller's queryset), only the
    columns named; the download is audited with its format and count."""
    response = download_response("", content_type="text/csv; charset=utf-8", filename=f"{name}.csv")
    writer = csv.writer(response)
    writer.writerow([header for header, _ in columns])
    count = 0
    for row in rows[:EXPORT_LIMIT] if hasattr(rows, "__getitem__") else rows:
        writer.writerow(["" if (v := value(row)) is None else v for _, value in columns])
        count += 1
    record_export(actor=actor(request), target=target, format="csv", count=count)
    return response
