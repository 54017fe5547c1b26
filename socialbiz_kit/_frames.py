"""Columns of a result table built without a Python object per row (private): labels as categoricals, texts from
buffers."""
from __future__ import annotations

import numpy as np

__all__ = ["labels_column", "text_column"]


def labels_column(codes: np.ndarray, labels: np.ndarray):
    """Per-row labels for stage numbers: a categorical when the labels are unique (no per-row strings)."""
    import pandas as pd

    if len(set(labels)) == len(labels):
        return pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype=object))
    return labels[codes]


def text_column(n: int, rows: np.ndarray, texts: list[str]):
    """A column of ``n`` texts, empty except at ``rows``, in pandas' default text type; built from
    buffers when that type is Arrow-backed (no Python object per row)."""
    import pandas as pd

    dtype = pd.Series([""]).dtype
    if getattr(dtype, "storage", None) == "pyarrow":
        import pyarrow as pa

        encoded = [t.encode("utf-8") for t in texts]
        lengths = np.zeros(n, dtype=np.int64)
        lengths[rows] = [len(t) for t in encoded]
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        arr = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded)))
        return pd.array(arr, dtype=dtype)
    column = np.full(n, "", dtype=object)
    column[rows] = texts
    return column
