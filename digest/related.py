"""Links between notices across the archive: who cites whom, and a few related notices of each.

Made at the link stage from what lists show of every notice (its title, date, agencies and its
`citations.Refs`), so an edit that leaves those as they were leaves every notice's links as they
were. Each other notice is held as a `Ref`: what a link to it shows, plain values only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable, Mapping, Sequence

import msgspec

from .citations import Targets
from .keys import text_digest

RELATED = 4  # notices of the same agency, and of the same tags, shown on a notice's page
_ENCODE = msgspec.json.Encoder().encode  # what digests are taken of: unambiguous, and fast
_DECODE = msgspec.json.Decoder().decode
# What the store keeps of each notice's links: their digest, which every build reads (the keys of the
# issues' pages), and the links themselves, decoded only for the notices whose pages are made.
KEPT_SHAPE = dict[str, tuple[str, msgspec.Raw]]


@dataclass(frozen=True)
class Ref:
    """Another notice, as a link to it shows it."""

    slug: str
    title: str
    date: dt.date
    issuers: tuple[str, ...]  # short names
    digest: str  # the notice's: what lists show of it, these fields among them (what pages showing the link are keyed by)

    @property
    def url(self) -> str:
        return f"notices/{self.slug}/"

    def to_tuple(self) -> tuple:
        return self.slug, self.title, self.date.toordinal(), self.issuers


@dataclass(frozen=True)
class Links:
    """A notice's links to others: what its body cites (mention → slug, and how many characters
    of a number's prefix come before the agency's), who cites it, and related notices."""

    targets: tuple[tuple[str, str, int], ...] = ()
    cites: tuple[Ref, ...] = ()
    cited_by: tuple[Ref, ...] = ()
    same_agency: tuple[Ref, ...] = ()
    same_tags: tuple[Ref, ...] = ()

    def to_tuple(self) -> tuple:
        return (self.targets, *(tuple(r.to_tuple() for r in refs) for refs in
                                (self.cites, self.cited_by, self.same_agency, self.same_tags)))

    def target_urls(self, url) -> dict[str, tuple[str, int]]:
        """For citations.link_mentions: each mention to the URL `url` makes of a notice's path."""
        return {mention: (url(f"notices/{slug}/"), skip) for mention, slug, skip in self.targets}

    @cached_property
    def digest(self) -> str:
        """Of everything it holds, for the keys of the pages that show it."""
        return links_digest(self.targets, [[r.digest for r in refs] for refs in
                                           (self.cites, self.cited_by, self.same_agency, self.same_tags)])

    @property
    def any(self) -> bool:
        return bool(self.cites or self.cited_by or self.same_agency or self.same_tags)


def links_digest(targets, refs: Iterable[Iterable[str]]) -> str:
    """Of a notice's links: what its body cites, and the digest of each other notice a list shows."""
    return text_digest(_ENCODE((targets, *refs)))


NONE = Links()


class KeptLinks(Mapping):
    """Every notice's links as `link_notices` makes them and the store keeps them (`KEPT_SHAPE`: the
    digest, then the links, other notices by slug, still encoded), each made a `Links` when asked for,
    its other notices shown as `notices` has them; a notice with no links is not in it. `digest_of`
    gives a notice's links' digest without decoding them."""

    def __init__(self, kept: Callable[[], Mapping[str, tuple]] = dict, notices: Mapping | None = None):
        """`kept`: gives them when first asked for (they may still be being made)."""
        self._given = kept
        self._refs = _Refs(notices or {})
        self._made: dict[str, Links] = {}

    @cached_property
    def _kept(self) -> Mapping[str, tuple]:
        return self._given()

    def __getitem__(self, slug: str) -> Links:
        if slug not in self._made:
            links = self._kept[slug][1]  # still encoded where it came from the store (it always does in a build)
            targets, *slugs = _DECODE(links) if isinstance(links, msgspec.Raw) else links
            self._made[slug] = Links(tuple(map(tuple, targets)), *(tuple(map(self._refs.__getitem__, s)) for s in slugs))
        return self._made[slug]

    def __iter__(self):
        return iter(self._kept)

    def __len__(self) -> int:
        return len(self._kept)

    def digest_of(self, slug: str) -> str:
        kept = self._kept.get(slug)
        return kept[0] if kept is not None else NONE.digest


def ref(notice) -> Ref:
    return Ref(notice.slug, notice.title, notice.date, tuple(a.short_name for a in notice.issuers), notice.digest)


def link_notices(notices: Sequence, by_agency: Mapping[str, Sequence]) -> dict[str, tuple]:
    """Every notice's links as `KeptLinks` keeps them (other notices by slug, with the links' digest),
    given every notice newest first and each agency's notices newest first; a notice with none is
    left out. Made of tuples: held only until the store encodes them, they are no work for the
    cycle collector (a tuple of text is untracked once it survives a collection; a list never is)."""
    numbers: dict[str, str] = {}
    titles: dict[str, str] = {}
    for notice in reversed(notices):  # where two notices share a number or title, the newest wins
        for number in notice.refs.numbers:
            numbers[number] = notice.slug
        for title in notice.refs.titles:
            titles[title] = notice.slug
    resolver = Targets(numbers, titles)
    digests = {n.slug: n.digest for n in notices}
    targets: dict[str, tuple[tuple[str, str, int], ...]] = {}
    cited_by: dict[str, list[str]] = defaultdict(list)
    for notice in notices:
        found = []
        for mention in notice.refs.mentions:
            hit = resolver.resolve(mention)
            if hit and hit[0] != notice.slug:  # a notice citing itself links nothing
                found.append((mention, *hit))
        targets[notice.slug] = tuple(found)
        for slug in dict.fromkeys(slug for _, slug, _ in found):
            cited_by[slug].append(notice.slug)
    agency_near = _neighbours({a: [n.slug for n in ns] for a, ns in by_agency.items()})
    tag_lists: dict[str, list[str]] = defaultdict(list)
    for notice in notices:
        for tag in notice.refs.tags:
            tag_lists[tag].append(notice.slug)
    tag_near = _neighbours(tag_lists)
    kept = {}
    for notice in notices:
        cites = tuple(dict.fromkeys(slug for _, slug, _ in targets[notice.slug]))
        citing = tuple(cited_by.get(notice.slug, ()))
        shown = {notice.slug, *cites, *citing}
        agency = _pick(agency_near.get(notice.slug, ()), shown)
        shown.update(agency)
        tags = _pick(tag_near.get(notice.slug, ()), shown)
        if not (targets[notice.slug] or citing or agency or tags):
            continue
        lists = (cites, citing, agency, tags)
        kept[notice.slug] = (links_digest(targets[notice.slug], [[digests[s] for s in slugs] for slugs in lists]),
                             (targets[notice.slug], *lists))
    return kept


class _Refs(dict):
    """Each notice as links to it show it, made once and only for notices some link shows."""

    def __init__(self, notices: Mapping):
        super().__init__()
        self.notices = notices

    def __missing__(self, slug: str) -> Ref:
        made = self[slug] = ref(self.notices[slug])
        return made


def _neighbours(lists: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """For each notice, the notices nearest it (in date) in each list it is in, nearest first,
    the most often near it first: a few each, however long the lists."""
    near: dict[str, dict[str, int]] = {}
    weights = [(distance, 2 * RELATED + 1 - distance) for distance in range(1, RELATED + 1)]
    for slugs in lists.values():
        count = len(slugs)
        for i, slug in enumerate(slugs):
            scores = near.get(slug)
            if scores is None:
                scores = near[slug] = {}
            for distance, weight in weights:  # the one before, then the one after, at each distance
                if i >= distance:
                    other = slugs[i - distance]
                    scores[other] = scores.get(other, 0) + weight
                if i + distance < count:
                    other = slugs[i + distance]
                    scores[other] = scores.get(other, 0) + weight
    # (a stable sort, reversed: notices as often near keep the order they were met in)
    return {slug: tuple(sorted(scores, key=scores.__getitem__, reverse=True)) for slug, scores in near.items()}


def _pick(candidates: Iterable[str], shown: set[str]) -> tuple[str, ...]:
    picked = []
    for slug in candidates:
        if slug not in shown:
            picked.append(slug)
            if len(picked) == RELATED:
                break
    return tuple(picked)
