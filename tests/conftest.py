"""Shared fixtures: the bundled site built once, and small sites built inline in tmp_path."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from digest import BuildConfig, build

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SITE = Path(__file__).resolve().parent / "sample-site"
SEED_TODAY = dt.date(2021, 4, 16)


def config_for(content: Path, output: Path, **options) -> BuildConfig:
    """A build of `content` with the project's own templates and static files."""
    options.setdefault("today", SEED_TODAY)
    options.setdefault("search", False)  # the seed site's build covers the search index
    options.setdefault("pdf", False)  # and the PDF edition
    options.setdefault("templates", REPO / "templates")
    options.setdefault("static", REPO / "static")
    return BuildConfig(content=content, output=output, **options)


@pytest.fixture
def sample_site(tmp_path: Path) -> Path:
    """A copy of the small sample site's content folder, free to break."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_SITE / "content", content)
    return content


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The bundled content/ built once, as of the seed week's publication date."""
    output = tmp_path_factory.mktemp("seed") / "_site"
    build(config_for(REPO / "content", output, search=True, pdf=True))
    return output


def read_page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")
