"""Open data: every notice and agency as JSON and CSV, with agencies resolved and deadlines dated."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import partial
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from .config import BuildConfig
from .deferred import Deferred
from .keys import page_key
from .render import Page
from .site import Agency, Notice, Week

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


@dataclass(frozen=True)
class WeekData:
    """A week's share of the data files: the JSON record of each notice up to its body
    (`_json_with_body` adds it) and the CSV rows. Small enough to keep between builds; the bodies,
    most of the JSON file's bytes, are the notices' own."""

    # by slug, as the week's notices are listed in the files; read only where the week's JSON is
    # made again (see `data_pages`)
    json: Deferred[tuple[str, ...]]
    csv: str


def _by_slug(week: Week) -> list[Notice]:
    """The week's notices as the data files list them (each week's part keeps this order)."""
    return sorted(week.notices, key=lambda n: n.slug)


def week_data(week: Week, root: str) -> WeekData:
    records = [notice_record(n, root) for n in _by_slug(week)]
    rows = io.StringIO(newline="")
    writer = csv.writer(rows, lineterminator="\r\n")
    for record in records:
        writer.writerow([_csv_cell(record, c) for c in CSV_COLUMNS])
    return WeekData(json=Deferred(tuple(map(_json_before_body, records))), csv=rows.getvalue())


def _json_before_body(record: dict) -> str:
    """The JSON of a record whose last key is "body", up to where the body's value begins."""
    *rest, last = record
    assert last == "body"
    head = _json_text({key: record[key] for key in rest})[:-1]  # without the closing }
    return head + ("," if rest else "") + '"body":'


def _json_with_body(before_body: str, body: str) -> str:
    return before_body + json.dumps(body, ensure_ascii=False) + "}"


def week_json(week: Week, data: WeekData) -> bytes:
    """The week's notices, as their records are listed in data/notices.json (comma-separated)."""
    return ",".join(_json_with_body(before, n.body) for before, n in zip(data.json.value, _by_slug(week))).encode("utf-8")


@dataclass(frozen=True)
class WeekShare:
    """A week's part of the data files that list every notice, made only when one is written."""

    full_digest: str  # of the week: see site.Week
    part: Callable[[str], bytes]  # its part of data/notices.json (".json") or data/notices.csv (".csv")


def week_share(week: Week, data: WeekData, kept: Callable[[str, Callable[[], bytes]], bytes]) -> WeekShare:
    """The share of a week; `kept(suffix, make)` returns the part as an earlier build kept it, or `make()`."""
    makers = {".json": partial(week_json, week, data), ".csv": lambda: data.csv.encode("utf-8")}
    return WeekShare(week.full_digest, lambda suffix: kept(suffix, makers[suffix]))


def data_pages(shares: Sequence[WeekShare], agencies: Mapping[str, Agency], config: BuildConfig) -> Iterable[Page]:
    """The data files, given each week's share, oldest week first."""

    def notices_json() -> Iterator[bytes]:
        return _json_list("notices", (share.part(".json") for share in shares))

    def notices_csv() -> Iterator[bytes]:
        header = io.StringIO(newline="")
        csv.writer(header, lineterminator="\r\n").writerow(CSV_COLUMNS)
        yield header.getvalue().encode("utf-8-sig")  # UTF-8 with BOM, so Excel opens the Chinese text correctly
        yield from (share.part(".csv") for share in shares)

    every_notice = page_key([share.full_digest for share in shares])  # the files hold every notice whole
    yield Page("data/notices.json", notices_json, every_notice)
    yield Page("data/agencies.json",
               lambda: _json({"agencies": [agency_record(a) for a in agencies.values()]}),
               page_key(list(agencies.values())))
    yield Page("data/notices.csv", notices_csv, every_notice)


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
