"""Notice bodies: Markdown to HTML, with raw HTML shown as text and only safe link schemes."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

_SAFE_LINK = re.compile(r"^(https?:|mailto:|[^:]*$)", re.IGNORECASE)


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    # Only web, mail and relative links: no javascript:, data:, file: and the like.
    md.validateLink = lambda url: bool(_SAFE_LINK.match(url.strip()))
    return md


_MD = _markdown()


@lru_cache(maxsize=None)
def _tokens(text: str) -> tuple:
    return tuple(_MD.parse(text))


def render_body(text: str, top_heading: int) -> Markup:
    """Render `text` so that its `##` headings become `<h{top_heading}>`; deeper ones follow, capped at h6."""
    shift = top_heading - 2
    tokens = []
    for token in _tokens(text):
        if token.type in ("heading_open", "heading_close"):
            token = token.copy()
            token.tag = f"h{min(6, max(1, int(token.tag[1]) + shift))}"
        tokens.append(token)
    return Markup(_MD.renderer.render(tokens, _MD.options, {}))
