"""A movement notification as a PDF for the authority: a route map drawn to scale (no tiles: it
must print offline), then one row per trip: vehicle, plate, times, persons, areas passed."""

from __future__ import annotations

import itertools
import math
from typing import Any

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from stranded.evacuation.manifests import new_pdf
from stranded.interop.models import MovementNotification

MAP_W, MAP_H = 180.0, 95.0  # mm
COLOURS = ((31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189), (255, 127, 14),
           (23, 190, 207), (140, 86, 75))  # fmt: skip


def _time(value: str) -> str:
    moment = parse_datetime(value) if value else None
    return timezone.localtime(moment).strftime("%d %b %H:%M") if moment else ""


class _Projection:
    """Equirectangular around the routes' centre: fine over the tens of km of an operation."""

    def __init__(self, points: list[tuple[float, float]], x0: float, y0: float) -> None:
        lons = [p[0] for p in points] or [0.0]
        lats = [p[1] for p in points] or [0.0]
        self.lat0 = math.radians((min(lats) + max(lats)) / 2)
        width = max((max(lons) - min(lons)) * math.cos(self.lat0), 1e-4)
        height = max(max(lats) - min(lats), 1e-4)
        self.scale = min((MAP_W - 30) / width, (MAP_H - 20) / height)  # mm per degree
        self.min_lon, self.max_lat = min(lons), max(lats)
        # centred in the frame
        self.x0 = x0 + (MAP_W - width * self.scale) / 2
        self.y0 = y0 + (MAP_H - height * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.x0 + (lon - self.min_lon) * math.cos(self.lat0) * self.scale
        y = self.y0 + (self.max_lat - lat) * self.scale
        return x, y

    def km_per_mm(self) -> float:
        return 111.32 / self.scale


def to_pdf(notification: MovementNotification) -> bytes:
    from fpdf import FontFace

    content = notification.content
    pdf, family, clean = new_pdf("portrait")
    pdf.set_font(family, size=14)
    count = len(content["trips"])
    what = (
        ngettext(
            "published evacuation plan, %(count)s trip",
            "published evacuation plan, %(count)s trips",
            count,
        )
        % {"count": count}
        if content["kind"] == "plan"
        else f"{content['team']}, {content['day']}"
    )
    title = _("Movement notification %(reference)s: %(what)s") % {
        "reference": notification.reference,
        "what": what,
    }
    pdf.multi_cell(0, 7, clean(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=9)
    prepared = formats.date_format(
        timezone.localtime(notification.created_at), "SHORT_DATETIME_FORMAT"
    )
    lines = [
        _("To: %(authority)s") % {"authority": notification.authority},
        _("From: %(organisation)s, operation %(operation)s")
        % {
            "organisation": notification.operation.organisation.name,
            "operation": notification.operation,
        },
        _("Prepared %(prepared)s; status: %(status)s")
        % {"prepared": prepared, "status": notification.get_status_display().lower()},
        _("Persons moved: %(persons)s; vehicles: %(vehicles)s")
        % {"persons": content["persons"], "vehicles": ", ".join(content["vehicles"])},
    ]
    for line in lines:
        pdf.cell(0, 5, clean(line), new_x="LMARGIN", new_y="NEXT")
    _map(pdf, content, clean)
    _table(pdf, content, clean, FontFace(emphasis="", fill_color=(230, 230, 230)))
    names = [(t, n) for t in content["trips"] for n in t["names"]]
    if names:
        pdf.ln(3)
        pdf.cell(
            0,
            5,
            clean(_("Names (shared under %(basis)s):") % {"basis": content["names_under"]}),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        for trip, name in names:
            line = _("%(vehicle)s trip %(number)s: %(name)s") % {
                "vehicle": trip["vehicle"],
                "number": trip["number"],
                "name": name,
            }
            pdf.cell(0, 5, clean("  " + line), new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.ln(2)
        pdf.cell(
            0, 5, clean(_("No names: persons are counted only.")), new_x="LMARGIN", new_y="NEXT"
        )
    return bytes(pdf.output())


def _map(pdf: Any, content: dict[str, Any], clean: Any) -> None:
    x0, y0 = pdf.l_margin, pdf.get_y() + 3
    pdf.set_draw_color(120, 120, 120)
    pdf.rect(x0, y0, MAP_W, MAP_H)
    points = [(p[0], p[1]) for trip in content["trips"] for p in trip["route"]]
    project = _Projection(points, x0, y0)
    labelled: set[str] = set()
    placed: list[tuple[float, float]] = []
    for index, trip in enumerate(content["trips"]):
        colour = COLOURS[index % len(COLOURS)]
        pdf.set_draw_color(*colour)
        pdf.set_line_width(0.6)
        xy = [project(lon, lat) for lon, lat in trip["route"]]
        for (xa, ya), (xb, yb) in itertools.pairwise(xy):
            pdf.line(xa, ya, xb, yb)
        pdf.set_fill_color(*colour)
        stops = list(trip["stops"])
        if trip["destination"]:
            lon, lat = trip["route"][-1]
            stops.append({"area": trip["destination"], "lon": lon, "lat": lat})
        for number, stop in enumerate(stops, start=1):
            x, y = project(stop["lon"], stop["lat"])
            pdf.circle(x=x, y=y, radius=1.2, style="F")
            label = stop.get("area") or _("pickup %(number)s") % {"number": number}
            if label and label not in labelled:
                labelled.add(label)
                while any(abs(x - px) < 25 and abs(y - py) < 3.5 for px, py in placed):
                    y += 3.5  # a label below the one already there
                placed.append((x, y))
                pdf.set_xy(x + 1.5, y - 2)
                pdf.set_font_size(7)
                pdf.cell(40, 4, clean(label))
    pdf.set_line_width(0.3)
    pdf.set_draw_color(0, 0, 0)
    # Scale bar (a round number of km) and north arrow.
    km = project.km_per_mm() * 40
    nice = next((n for n in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100) if n >= km / 2), 100)
    bar = nice / project.km_per_mm()
    right = x0 + MAP_W - 6
    pdf.line(right - bar, y0 + MAP_H - 6, right, y0 + MAP_H - 6)
    pdf.set_xy(right - bar, y0 + MAP_H - 11)
    pdf.set_font_size(7)
    pdf.cell(30, 4, clean(_("%(km)s km") % {"km": f"{nice:g}"}))
    pdf.line(x0 + MAP_W - 8, y0 + 14, x0 + MAP_W - 8, y0 + 5)
    pdf.set_xy(x0 + MAP_W - 10, y0 + 14)
    pdf.cell(4, 4, clean(pgettext("compass", "N")))
    pdf.set_xy(x0, y0 + MAP_H + 1)
    pdf.cell(
        0,
        4,
        clean(
            _(
                "Straight lines between pickup areas (their centres, never a house) "
                "and the destination; not a road map."
            )
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_xy(x0, pdf.get_y() + 1)
    pdf.set_font_size(9)


def _table(pdf: Any, content: dict[str, Any], clean: Any, plain: Any) -> None:
    widths = (28, 24, 26, 26, 14, 62)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=widths, text_align="LEFT", line_height=5, headings_style=plain
    ) as table:
        table.row(
            [
                clean(h)
                for h in (
                    _("Vehicle"),
                    _("Plate"),
                    _("Departs"),
                    _("Arrives"),
                    _("Persons"),
                    _("Areas, in order"),
                )
            ]
        )
        for trip in content["trips"]:
            areas = " > ".join(s["area"] for s in trip["stops"] if s.get("area"))
            if trip["destination"]:
                areas += f" > {trip['destination']}"
            table.row(
                [
                    clean(f"{trip['vehicle']} #{trip['number']}"),
                    clean(trip["plate"]),
                    _time(trip["depart_at"]),
                    _time(trip["arrive_at"]),
                    str(trip["persons"]),
                    clean(areas),
                ]
            )
