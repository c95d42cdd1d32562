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


def render_body(text: str) -> Markup:
    """The body as HTML; its `##` headings are `<h2>`, as on the notice page."""
    return Markup(_MD.render(text))


_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def shift_headings(html: Markup, by: int) -> Markup:
    """The same body under deeper headings (on the week page, say), capped at h6. Only markdown-it's own
    heading tags match: text that looks like a tag was escaped to &lt;h2&gt; when rendered."""
    return Markup(_HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + by)}>", html))
