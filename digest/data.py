"""Open data: every notice and agency as JSON and CSV, with agencies resolved and deadlines dated."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from functools import partial
from itertools import groupby
from typing import Callable, Iterable, Iterator

from .config import BuildConfig
from .keys import page_key
from .output import Page
from .site import Agency, Notice, NoticeSummary, Site, Week

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
        text = "; ".join(f"{d['kind']} {d['start'] + '~' if d['start'] else ''}{d['end']}" for d in value)
    elif column == "attachments":
        text = "; ".join(a["name"] for a in value)
    elif column == "contacts":
        text = "; ".join(" ".join(str(v) for v in c.values()) for c in value)
    elif isinstance(value, list):
        text = "; ".join(value)
    else:
        text = "" if value is None else str(value)
    return _inert(text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: str) -> str:
    """A cell a spreadsheet shows as text: one beginning like a formula gets a leading apostrophe (OWASP's
    advice for CSV injection), which Excel and LibreOffice hide."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def week_json(records: list[dict], body: bool = True) -> bytes:
    """A week's records (`week_records`), as the notice files list them (comma-separated): with their
    bodies in a year's file, without them in the file of every notice."""
    return ",".join(_json_text(r if body else _without_body(r)) for r in records).encode("utf-8")


def _without_body(record: dict) -> dict:
    return {name: value for name, value in record.items() if name != "body"}


def week_csv(records: list[dict]) -> bytes:
    rows = io.StringIO(newline="")
    writer = csv.writer(rows, lineterminator="\r\n")
    for record in records:
        writer.writerow([_csv_cell(record, c) for c in CSV_COLUMNS])
    return rows.getvalue().encode("utf-8")


def week_records(week: Week, full: Callable[[NoticeSummary], Notice], root: str) -> list[dict]:
    """The week's notices as the data files list them: by slug."""
    return [notice_record(full(n), root) for n in sorted(week.notices, key=lambda n: n.slug)]


Memo = Callable[[str, str, Callable[[], bytes]], bytes]


def year_file(year: int) -> str:
    """The notice file of one year, bodies included: data/2021/notices.json."""
    return f"data/{year}/notices.json"


_MAKERS = {"data-index": partial(week_json, body=False), "data-csv": week_csv, "data-json": week_json}


def data_pages(site: Site, config: BuildConfig, memo: Memo) -> Iterable[Page]:
    """The data files: every notice without its body (JSON and CSV), each year's notices whole, and
    the agencies. Each week's part of a file is kept in the store by what it is made from: the parts
    without bodies by the week's front matters and agencies (a body edit leaves them, and the files
    of every notice, as they were), a year's parts by everything of the week. A part is made where
    its file is made; the week's other parts are made with it, from the same records."""
    weeks = list(reversed(site.weeks))  # oldest first
    root = config.link_root
    last: dict[dt.date, list[dict]] = {}  # the records of the week whose parts are being made

    def records(week: Week) -> list[dict]:
        if week.date not in last:
            last.clear()
            last[week.date] = week_records(week, site.full, root)
        return last[week.date]

    def key(kind: str, week: Week) -> str:
        made_from = week.full_digest if kind == "data-json" else week.data_digest
        return page_key(made_from, root, site.today, config.soon_days)

    def part(kind: str, week: Week) -> bytes:
        def make() -> bytes:
            for other in [k for k in _MAKERS if k != kind]:  # while the week's records are at hand
                memo(other, key(other, week), lambda other=other: _MAKERS[other](records(week)))
            return _MAKERS[kind](records(week))
        return memo(kind, key(kind, week), make)

    def notices_csv() -> Iterator[bytes]:
        header = io.StringIO(newline="")
        csv.writer(header, lineterminator="\r\n").writerow(CSV_COLUMNS)
        yield header.getvalue().encode("utf-8-sig")  # UTF-8 with BOM, so Excel opens the Chinese text correctly
        yield from (part("data-csv", week) for week in weeks)

    def notices_json(kind: str, of: list[Week]) -> Iterator[bytes]:
        return _json_list("notices", (part(kind, week) for week in of))

    yield Page("data/notices.json", partial(notices_json, "data-index", weeks),
               page_key([key("data-index", w) for w in weeks]))
    yield Page("data/notices.csv", notices_csv, page_key([key("data-csv", w) for w in weeks]))
    for year, of_year in groupby(weeks, key=lambda week: week.date.year):
        of_year = list(of_year)
        yield Page(year_file(year), partial(notices_json, "data-json", of_year),
                   page_key([key("data-json", w) for w in of_year]))
    yield Page("data/agencies.json",
               lambda: _json({"agencies": [agency_record(a) for a in site.agencies.values()]}),
               page_key(list(site.agencies.values()), root))


def _json_text(value) -> str:
    # Compact: with `indent`, the json module falls back from its C encoder to Python (five times slower).
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json(value: dict) -> bytes:
    return (_json_text(value) + "\n").encode("utf-8")


def _json_list(name: str, parts: Iterable[bytes]) -> Iterator[bytes]:
    """The bytes of `_json({name: items})`, given the items' JSON in comma-separated parts (a week's
    notices each, say; any may be empty): the list of every notice with its body would be a hundred
    megabytes at once."""
    yield _json({name: []})[:-3]  # without the closing ]}
    first = True
    for part in parts:
        if part:
            yield part if first else b"," + part
            first = False
    yield b"]}\n"
