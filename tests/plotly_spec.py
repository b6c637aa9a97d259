"""Read a Plotly figure back out of an AppTest element (Plotly 7 sends numbers as base64 bdata)."""

from __future__ import annotations

import base64
import json

import numpy as np

_DTYPES = {
    "f8": "<f8",
    "f4": "<f4",
    "i1": "<i1",
    "i2": "<i2",
    "i4": "<i4",
    "u1": "<u1",
    "u2": "<u2",
    "u4": "<u4",
    "i8": "<i8",
}


def decode(value):
    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=_DTYPES[value["dtype"]])
        return arr.reshape(value["shape"]) if "shape" in value and isinstance(value["shape"], list) else arr
    return np.asarray(value) if isinstance(value, list) else value


def figure(at, index: int = 0) -> dict:
    element = at.get("plotly_chart")[index]
    return json.loads(element.proto.spec)


def traces(at, index: int = 0) -> list[dict]:
    return figure(at, index)["data"]
