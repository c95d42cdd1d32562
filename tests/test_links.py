"""Every internal link, fragment and asset of the built seed site resolves."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin


class Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.refs.append(attrs[name])


def parse(path: Path) -> Refs:
    parser = Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target_file(site: Path, url_path: str) -> Path:
    local = site / url_path.lstrip("/")
    return local / "index.html" if url_path.endswith("/") else local


def test_every_internal_link_and_fragment_resolves(seed_site: Path):
    pages = sorted(seed_site.rglob("*.html"))
    parsed = {page: parse(page) for page in pages}
    broken, checked = [], 0
    for page, refs in parsed.items():
        page_url = "/" + page.relative_to(seed_site).as_posix()
        for ref in refs.refs:
            if ref.startswith(("http://", "https://", "mailto:")):
                continue
            absolute, fragment = urldefrag(urljoin(page_url, ref))
            target = target_file(seed_site, absolute)
            checked += 1
            if not target.is_file():
                broken.append(f"{page_url} → {ref}")
            elif fragment and fragment not in parsed.get(target, parse(target)).ids:
                broken.append(f"{page_url} → {ref} (no id {fragment})")
    assert broken == []
    assert checked > 500


def test_stylesheet_is_linked_from_every_page_and_copied(seed_site: Path):
    assert (seed_site / "static/style.css").read_text(encoding="utf-8").startswith("/*")
    for page in seed_site.rglob("*.html"):
        assert 'href="/static/style.css"' in page.read_text(encoding="utf-8"), page
