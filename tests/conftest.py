"""Fixtures for every test: no developer's own ContextCapture settings leak into a test."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def no_ambient_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove ITWIN_* and CONTEXTCAPTURE_* variables; tests set the ones they are about."""
    for name in list(os.environ):
        if name.startswith(("ITWIN_", "CONTEXTCAPTURE_")):
            monkeypatch.delenv(name)
