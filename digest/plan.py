"""The plan of a built site: what the lists, feeds and data files were made from, week by week.

Lists show of a notice only what `site.Notice` holds as fields (its title, dates, agencies and
deadlines), and are keyed by that; its text shows on its own page, its week's page, the feeds and
the data files. An edit that leaves every week's `digest` as it was (a body, a contact or a
document number corrected) therefore leaves every list as it was. Such an edit is applied to the
site the last build made (build.py): the weeks edited are read and linked alone, against the plan
that build kept with its output, and only their pages, the feeds that hold their notices and the
data files are made; every other page keeps its key and its file. Any other change is built whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Mapping

from .errors import ContentError, warnings_from_json, warnings_to_json
from .site import Notice, Site, Week


@dataclass(frozen=True)
class PlannedWeek:
    folder: str
    files_digest: str  # of its folder's files (cache.FileDigests)
    date: dt.date
    digest: str  # what lists show of it (site.Week)
    full_digest: str
    slugs: tuple[str, ...]  # of its notices
    full_digests: tuple[str, ...]  # of its notices, in the same order


@dataclass(frozen=True)
class SitePlan:
    frame: str  # what the build read besides the week folders (cache.frame_fingerprint)
    weeks: tuple[PlannedWeek, ...]  # oldest first
    feeds: Mapping[str, tuple[str, ...]]  # the notices each feed holds, by slug
    warnings: tuple[ContentError, ...]

    def to_marshal(self) -> dict:
        return {"frame": self.frame, "feeds": dict(self.feeds), "warnings": warnings_to_json(self.warnings),
                "weeks": [(w.folder, w.files_digest, w.date.toordinal(), w.digest, w.full_digest, w.slugs,
                           w.full_digests) for w in self.weeks]}

    @classmethod
    def from_marshal(cls, value: object) -> SitePlan | None:
        """The plan `to_marshal` kept, or None for anything else."""
        try:
            weeks = tuple(PlannedWeek(folder, files, dt.date.fromordinal(date), digest, full, tuple(slugs),
                                      tuple(notices))
                          for folder, files, date, digest, full, slugs, notices in value["weeks"])
            return cls(value["frame"], weeks, {path: tuple(slugs) for path, slugs in value["feeds"].items()},
                       warnings_from_json(value["warnings"]))
        except (TypeError, KeyError, ValueError, AttributeError):
            return None


def plan_site(site: Site, frame: str, files_digests: Mapping[str, str],
              feeds: Iterable[tuple[str, list[Notice]]]) -> SitePlan:
    return SitePlan(frame, tuple(planned_week(week, files_digests[str(week.folder)]) for week in reversed(site.weeks)),
                    {path: tuple(n.slug for n in notices) for path, notices in feeds}, site.warnings)


def planned_week(week: Week, files_digest: str) -> PlannedWeek:
    return PlannedWeek(str(week.folder), files_digest, week.date, week.digest, week.full_digest,
                       tuple(n.slug for n in week.notices), tuple(n.full_digest for n in week.notices))
