"""The reference's example payloads, read from openapi.yaml so tests and spec cannot drift."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"

ITWIN_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
WORKSPACE_ID = "e47cf092-729a-4ce2-b20e-9b01ad820cdb"


@functools.cache
def spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def example(name: str) -> Any:
    """A fresh copy of `components/examples/<name>/value` from the spec."""
    return copy.deepcopy(spec()["components"]["examples"][name]["value"])
