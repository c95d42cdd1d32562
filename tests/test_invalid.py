"""Invalid sample inputs: each gives exactly the located messages in its `.expected` file."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import SAMPLE_SITE, SEED_TODAY
from digest.errors import ContentErrors
from digest.load import load_content
from digest.link import link

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


def test_every_case_exits_1_through_the_command_with_no_traceback(tmp_path: Path):
    import subprocess
    import sys

    for case in CASES:
        content = tmp_path / case.stem / "content"
        shutil.copytree(SAMPLE_SITE / "content", content)
        place_case(case, content)
        result = subprocess.run([sys.executable, "-m", "digest.cli", "check", "--content", str(content)],
                                capture_output=True, text=True)
        expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
        assert result.returncode == 1, case.name
        assert "Traceback" not in result.stderr, case.name
        assert result.stderr.splitlines()[:-1] == expected, case.name


def test_a_huge_body_is_refused_before_it_is_read(sample_site: Path):
    path = sample_site / WEEK / "pasted-pdf.md"
    path.write_text("---\ntitle: 粘贴了整个 PDF\n---\n" + "正文" * 5_000_000, encoding="utf-8")  # 30 MB
    with pytest.raises(ContentErrors) as caught:
        link(load_content(sample_site), SEED_TODAY)
    assert [str(e) for e in caught.value.errors] == [
        "content/2021/2021-04-16/pasted-pdf.md:1: 文件过大（30.0 MB，上限 1 MB）：请删去粘贴的多余内容，附件请放在 static/files/"]
