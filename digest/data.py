"""Open data: every notice and agency as JSON and CSV, with agencies resolved and deadlines dated."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from typing import Iterable, Iterator

from .config import BuildConfig
from .keys import page_key
from .render import Page
from .site import Agency, Notice, Site

CSV_COLUMNS = ["slug", "url", "title", "doc_number", "issuers", "issuer_names", "addressees", "date", "published",
               "week", "section", "group", "order", "kind", "source_url", "deadlines", "attachments", "contacts",
               "tags", "note"]


def agency_record(agency: Agency) -> dict:
    return {"id": agency.id, "name": agency.name, "short": list(agency.short), "aliases": list(agency.aliases),
            "level": agency.level.value, "region": agency.region, "parent": agency.parent_id,
            "website": agency.website, "url": agency.url}


def notice_record(notice: Notice, root: str) -> dict:
    front = notice.source
    return {
        "slug": notice.slug, "url": root + notice.url, "title": notice.title, "doc_number": front.doc_number,
        "issuers": [a.id for a in notice.issuers], "issuer_names": [a.name for a in notice.issuers],
        "addressees": front.addressees, "date": notice.date.isoformat(),
        "published": front.published.isoformat() if front.published else None,
        "week": notice.week_date.isoformat(), "section": front.section.value, "section_label": front.section.label,
        "group": front.group.value, "group_label": front.group.label, "order": front.order, "kind": front.kind,
        "source_url": front.url,
        "deadlines": [{"kind": d.kind.value, "start": d.start.isoformat() if d.start else None,
                       "end": d.end.isoformat(), "phrase": d.phrase, "rule": d.rule, "explanation": d.explanation,
                       "verified": d.verified, "status": d.status.value} for d in notice.deadlines],
        "attachments": [a.model_dump() for a in front.attachments],
        "contacts": [c.model_dump(exclude_none=True) for c in front.contacts],
        "tags": list(front.tags), "note": front.note, "body": notice.body,
    }


def _csv_cell(record: dict, column: str) -> str:
    value = record[column]
    if column == "deadlines":
        return "; ".join(f"{d['kind']} {d['start'] + '~' if d['start'] else ''}{d['end']}" for d in value)
    if column == "attachments":
        return "; ".join(a["name"] for a in value)
    if column == "contacts":
        return "; ".join(" ".join(str(v) for v in c.values()) for c in value)
    if isinstance(value, list):
        return "; ".join(value)
    return "" if value is None else str(value)


def data_pages(site: Site, config: BuildConfig) -> Iterable[Page]:
    root = config.site_url or config.base_path

    @cache  # once per process that writes one of the two files
    def notices() -> list[dict]:
        return [notice_record(n, root) for n in sorted(site.notices.values(), key=lambda n: (n.week_date, n.slug))]

    every_notice = page_key(list(site.notices.values()))
    yield Page("data/notices.json", lambda: _json_list("notices", notices()), every_notice)
    yield Page("data/agencies.json", lambda: _json({"agencies": [agency_record(a) for a in site.agencies.values()]}),
               page_key(list(site.agencies.values())))
    yield Page("data/notices.csv", lambda: _csv(notices()), every_notice)


def _csv(notices: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in notices:
        writer.writerow([_csv_cell(record, c) for c in CSV_COLUMNS])
    # UTF-8 with BOM, so Excel opens the Chinese text correctly.
    return out.getvalue().encode("utf-8-sig")


def _json(value: dict) -> bytes:
    # Compact: with `indent`, the json module falls back from its C encoder to Python (five times slower).
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _json_list(name: str, items: list[dict]) -> Iterator[bytes]:
    """The bytes of `_json({name: items})`, an item at a time: the list of every notice with its body
    would be a hundred megabytes at once."""
    yield _json({name: []})[:-3]  # without the closing ]}
    for i, item in enumerate(items):
        yield (b"," if i else b"") + json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    yield b"]}\n"
