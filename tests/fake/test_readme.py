"""The README's "Testing your service" example runs as written, in a project of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## Testing your service"


def readme_example() -> str:
    """The first Python block of the README's testing section."""
    text = README.read_text(encoding="utf-8")
    if SECTION not in text:
        pytest.skip(f"README.md has no {SECTION!r} section yet")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert block is not None, f"the {SECTION!r} section has no Python example"
    return block.group(1)


def test_the_readme_example_passes(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(test_readme_example=readme_example())

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=1)
