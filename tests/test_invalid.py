"""Invalid sample inputs: each gives exactly the located messages in its `.expected` file."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import SAMPLE_SITE, SEED_TODAY
from digest.errors import ContentErrors
from digest.load import load_content
from digest.site import link

INVALID = Path(__file__).resolve().parent / "invalid"
CASES = sorted(p for p in INVALID.iterdir() if p.suffix != ".expected")
WEEK = Path("2021/2021-04-16")


def place_case(case: Path, content: Path) -> None:
    """Put a broken file into a copy of the sample site: a notice, or in place of agencies.yaml or week.yaml."""
    if case.name.startswith("agencies-"):
        shutil.copy(case, content / "agencies.yaml")
    elif case.name.startswith("week-"):
        shutil.copy(case, content / WEEK / "week.yaml")
    else:
        shutil.copy(case, content / WEEK / case.name)


def errors_for(case: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(SAMPLE_SITE / "content", content)
        place_case(case, content)
        with pytest.raises(ContentErrors) as caught:
            link(load_content(content), SEED_TODAY)
        return [str(e) for e in caught.value.errors]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_input_gives_its_exact_messages(case: Path):
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert errors_for(case) == expected
