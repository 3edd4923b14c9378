"""Manifests as files: CSV, and a printable PDF in the user's language and any script.

The PDF embeds Noto Sans (Latin with Azerbaijani's Ə ə, Cyrillic) with Noto Sans Armenian as its
fallback, both from Debian's fonts-noto-core (`make setup` installs it; the Dockerfile too), else
DejaVu Sans (fonts-dejavu-core: Latin, Cyrillic, Armenian). Where neither is installed the PDF
falls back to the core Helvetica font with text transliterated to Latin (anyascii), and says so
on the page. Headers and titles are translated (gettext): the request's language is active.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

NOTO = Path("/usr/share/fonts/truetype/noto")
FONT_CANDIDATES = (
    NOTO / "NotoSans-Regular.ttf",
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)
# Noto Sans has no Armenian letters: they come from here (fpdf2's fallback fonts).
ARMENIAN_FONT = NOTO / "NotoSansArmenian-Regular.ttf"
COLUMNS = ("order", "eta", "request", "name", "mobility", "address", "lat", "lon", "escort",
           "phone")  # fmt: skip


def _eta(value: str) -> str:
    moment = parse_datetime(value)
    return timezone.localtime(moment).strftime("%H:%M") if moment else ""


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Column names stay the same in every language: spreadsheets and scripts read them."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_eta(row["eta"]) if key == "eta" else row.get(key, "") for key in COLUMNS])
    return out.getvalue()


def mobility_label(code: str) -> str:
    """The label of a mobility code in the active language (codes stay in CSV and API)."""
    from stranded.tracing.models import Mobility

    return str(Mobility(code).label) if code in Mobility.values else code


def font_path() -> Path | None:
    return next((p for p in FONT_CANDIDATES if p.exists()), None)


def to_latin(text: str) -> str:
    """Names in any script as ASCII Latin (anyascii: never unidecode, which turns ə into @)."""
    from anyascii import anyascii

    return str(anyascii(text))


def new_pdf(orientation: str) -> tuple[Any, str, Any]:
    """An A4 document with its first page and the body font: (pdf, font family, text cleaner)."""
    from fpdf import FPDF

    pdf = FPDF(orientation=orientation, format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    font = font_path()
    if font is None:
        return pdf, "Helvetica", to_latin
    pdf.add_font("Body", "", str(font))
    if font.parent == NOTO and ARMENIAN_FONT.exists():
        pdf.add_font("Armenian", "", str(ARMENIAN_FONT))
        pdf.set_fallback_fonts(["Armenian"])
    return pdf, "Body", str


def to_pdf(trip: Any, rows: list[dict[str, Any]]) -> bytes:
    from fpdf import FontFace

    pdf, family, clean = new_pdf("landscape")
    font = font_path()
    pdf.set_font(family, size=14)
    depart = formats.date_format(timezone.localtime(trip.depart_at), "SHORT_DATETIME_FORMAT")
    title = _("Manifest: %(vehicle)s trip %(number)s, departs %(depart)s, to %(destination)s") % {
        "vehicle": trip.vehicle,
        "number": trip.number,
        "depart": depart,
        "destination": trip.destination,
    }
    pdf.cell(0, 8, clean(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=9)
    if font is None:
        warning = _("No Armenian/Cyrillic font installed: text transliterated to Latin.")
        pdf.cell(0, 6, clean(warning), new_x="LMARGIN", new_y="NEXT")
    widths = (10, 14, 24, 58, 22, 60, 34, 40, 15)
    headers = (
        "#",
        _("ETA"),
        _("Request"),
        _("Name"),
        _("Mobility"),
        _("Pickup address"),
        _("Point"),
        _("Escort"),
        _("Boarded"),
    )
    plain = FontFace(emphasis="")  # one embedded face: headings not bold
    with pdf.table(
        col_widths=widths, text_align="LEFT", line_height=6, headings_style=plain
    ) as table:
        table.row([clean(h) for h in headers])
        for row in rows:
            table.row(
                [
                    clean(str(v))
                    for v in (
                        row["order"],
                        _eta(row["eta"]),
                        row["request"],
                        row["name"],
                        mobility_label(row["mobility"]),
                        row["address"],
                        f"{row['lat']}, {row['lon']}",
                        " ".join(p for p in (row["escort"], row["phone"]) if p),
                        "[  ]",
                    )
                ]
            )
    return bytes(pdf.output())
