"""The matching engine of tracing: plain Python, no Django.

`Record` in; `Index.search` for one query against every known person; `link` and `dedupe` for
batches; `Model` for Fellegi-Sunter weights (`default_model()` until fitted by EM).
"""

from stranded.tracing.matching.index import Candidate, FieldComparison, Index, Pair, dedupe, link
from stranded.tracing.matching.model import LIKELY, POSSIBLE, Model, band, default_model, fit
from stranded.tracing.matching.records import Record

__all__ = [
    "LIKELY", "POSSIBLE", "Candidate", "FieldComparison", "Index", "Model", "Pair", "Record",
    "band", "dedupe", "default_model", "fit", "link",
]  # fmt: skip
