"""The whole pipeline: load and link everything, then render and publish."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import BuildConfig
from .load import load_content
from .publish import publish
from .render import render_pages
from .site import link


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    weeks: int
    notices: int


def build(config: BuildConfig) -> BuildResult:
    """Build the site; raises ContentErrors, before anything is written, if the content has errors."""
    site = link(load_content(config.content), config.today)
    pages = publish(render_pages(site, config), config.static_dir, config.output)
    return BuildResult(output=config.output, pages=pages, weeks=len(site.weeks), notices=len(site.notices))
