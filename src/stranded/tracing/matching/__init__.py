"""The matching engine of tracing: plain Python, no Django.

`Record` in; `Index.search` for one query against every known person (`SearchHit`s out;
`Candidate` is its former name); `link` and `dedupe` for batches (`columns.py` compares many
pairs at once), `clusters` for the persons a dedupe found; `Model` for Fellegi-Sunter weights
(`default_model()` until fitted by EM).
"""

from stranded.tracing.matching.index import (
    Candidate,
    FieldComparison,
    Index,
    Pair,
    SearchHit,
    clusters,
    dedupe,
    link,
)
from stranded.tracing.matching.model import LIKELY, POSSIBLE, Model, band, default_model, fit
from stranded.tracing.matching.records import Record

__all__ = [
    "LIKELY", "POSSIBLE", "Candidate", "FieldComparison", "Index", "Model", "Pair", "Record",
    "SearchHit", "band", "clusters", "dedupe", "default_model", "fit", "link",
]  # fmt: skip
