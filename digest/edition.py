"""The PDF edition of an issue, as the bulletin is printed: a cover, a table of contents with page
numbers, the sections and groups in order with each notice's metadata and full text, and the
issue's deadlines at the end. Typeset by WeasyPrint with the Noto CJK fonts embedded.

The edition is one Page of its week (`weeks/<date>/<EDITION_NAME>`), keyed like the week's page by
everything of its notices and links, and by the edition's template and stylesheet; its bytes come
through `memo("pdf", key, make)`, so a store that keeps them makes each issue's PDF once and serves
it again while the issue is unchanged. Two builds of the same issue give the same bytes: the PDF
carries no creation time and its identifier is a hash of the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping

from jinja2 import Environment

from .keys import text_digest

Memo = Callable[[str, str, Callable[[], bytes]], bytes]
TEMPLATE = "edition.html"
STYLESHEET = "edition.css"


def no_memo(kind: str, key: str, make: Callable[[], bytes]) -> bytes:
    """What builds without a store pass: every PDF made when its page is written."""
    return make()


def edition_name(week) -> str:
    return f"bulletin-{week.date.isoformat()}.pdf"


def edition_path(week) -> str:
    return week.url + edition_name(week)


def edition_key(week, links: Mapping, template_version: str, stylesheet: bytes) -> str:
    """A hash of everything the edition is made from."""
    parts = [week.full_digest, str(week.number), template_version, text_digest(stylesheet)]
    parts += [repr(links[n.slug].to_tuple()) for n in week.notices]
    return text_digest("\0".join(parts))


def make_edition(env: Environment, week, links: Mapping, context: dict, static_dir: Path, key: str) -> bytes:
    """The PDF of one issue. `context` is what every page is given (today, url…)."""
    import weasyprint  # here: a build without PDFs (--no-pdf) has no use for it

    stylesheet = (static_dir / STYLESHEET).read_text(encoding="utf-8")
    deadlines = [(n, d) for n in week.notices for d in n.deadlines]
    deadlines.sort(key=lambda item: (item[1].sort_key, item[0].slug))
    source = env.get_template(TEMPLATE).render(
        dict(context, week=week, links=links, deadlines=deadlines, stylesheet=stylesheet))
    document = weasyprint.HTML(string=source, base_url=str(static_dir)).render()
    return document.write_pdf(pdf_identifier=key.encode("ascii"), uncompressed_pdf=False)
