"""Manifests as files: CSV, and a printable PDF with a font that has Armenian and Cyrillic.

DejaVu Sans (Debian's fonts-dejavu-core) covers Latin, Cyrillic and Armenian. Where no such
font is installed the PDF falls back to the core Helvetica font with names transliterated to
Latin (anyascii), and says so on the page.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
)
COLUMNS = ("order", "eta", "request", "name", "mobility", "address", "lat", "lon", "escort",
           "phone")  # fmt: skip


def _eta(value: str) -> str:
    moment = parse_datetime(value)
    return timezone.localtime(moment).strftime("%H:%M") if moment else ""


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_eta(row["eta"]) if key == "eta" else row.get(key, "") for key in COLUMNS])
    return out.getvalue()


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
    return pdf, "Body", str


def to_pdf(trip: Any, rows: list[dict[str, Any]]) -> bytes:
    from fpdf import FontFace

    pdf, family, clean = new_pdf("landscape")
    font = font_path()
    pdf.set_font(family, size=14)
    depart = timezone.localtime(trip.depart_at)
    pdf.cell(
        0,
        8,
        clean(
            f"Manifest: {trip.vehicle} trip {trip.number}, departs "
            f"{depart:%d %b %H:%M}, to {trip.destination}"
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(family, size=9)
    if font is None:
        pdf.cell(
            0,
            6,
            "No Armenian/Cyrillic font installed: names transliterated to Latin.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    widths = (10, 14, 24, 58, 22, 60, 34, 40, 15)
    headers = (
        "#",
        "ETA",
        "Request",
        "Name",
        "Mobility",
        "Pickup address",
        "Point",
        "Escort",
        "Boarded",
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
                        row["mobility"],
                        row["address"],
                        f"{row['lat']}, {row['lon']}",
                        " ".join(p for p in (row["escort"], row["phone"]) if p),
                        "[  ]",
                    )
                ]
            )
    return bytes(pdf.output())
