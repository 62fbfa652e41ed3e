"""What importing the testing package needs: the client alone, until a fake is actually built."""

from __future__ import annotations

import subprocess
import sys

import pytest

from contextcapture.testing import FakeContextCapture
from contextcapture.testing._spec import load_spec

# The testing extra's packages, made unimportable (a None in sys.modules fails the import).
WITHOUT_EXTRA = "import sys; sys.modules['yaml'] = sys.modules['openapi_schema_validator'] = None; "


@pytest.mark.parametrize(
    "module", ["contextcapture.testing.pytest_plugin", "contextcapture.testing._cli"]
)
def test_the_plugin_and_the_command_load_without_the_testing_extra(module: str) -> None:
    # pytest loads the plugin in every project that installs the client, extra or not.
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRA + f"import {module}"],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr


def test_building_a_fake_without_the_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    load_spec.cache_clear()
    try:
        with pytest.raises(ImportError, match=r"pip install 'contextcapture\[testing\]'"):
            FakeContextCapture()
    finally:
        monkeypatch.undo()
        load_spec.cache_clear()
