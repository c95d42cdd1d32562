"""Notice bodies: Markdown to HTML, with raw HTML shown as text and only safe link schemes."""

from __future__ import annotations

import re
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


def render_body(text: str, *top_headings: int) -> tuple[Markup, ...]:
    """Render `text` once per heading level asked for, parsing it once: for each level, its `##`
    headings become `<h{level}>` and deeper ones follow, capped at h6."""
    tokens = _MD.parse(text)
    headings = [t for t in tokens if t.type in ("heading_open", "heading_close")]
    written = [int(t.tag[1]) for t in headings]
    out = []
    for top in top_headings:
        for token, level in zip(headings, written):
            token.tag = f"h{min(6, max(1, level + top - 2))}"
        out.append(Markup(_MD.renderer.render(tokens, _MD.options, {})))
    return tuple(out)
