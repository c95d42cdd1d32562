"""What a reader can still act on today: the open-now list (its page, feed and calendar), the front
page's lists, and the as-of date of every page that shows a status."""

from __future__ import annotations

import datetime as dt
from typing import Mapping

from .models import DeadlineKind
from .site import Listing, NoticeSummary, Site
from .statuses import ACTIONABLE, Phase

OPEN_PATH = "deadlines/open/"
OPEN_FEED = "deadlines/open.xml"
OPEN_CALENDAR = "deadlines/open.ics"
OPEN_TITLE = "政策信息周报 · 现在可办理"
HOME_DAYS = 7  # the front page lists what a reader can act on that closes within this many days

# Pages that always show statuses; an agency's, a notice's and a week's page show them where they have deadlines.
_STATUS_TEMPLATES = frozenset({"home.html", "deadlines.html", "deadline_month.html", "deadline_kind.html",
                               "deadlines_open.html"})


def open_listings(site: Site) -> tuple[Listing, ...]:
    """Open comment periods, application and submission windows and 公示 in progress on the build
    date, closing soonest first."""
    return tuple(item for item in site.deadlines if item.deadline.status.actionable)


def opening_listings(site: Site) -> tuple[Listing, ...]:
    """Windows of those kinds that have not begun yet, opening soonest first."""
    waiting = [item for item in site.deadlines
               if item.deadline.kind in ACTIONABLE and item.deadline.status.phase is Phase.UPCOMING]
    return tuple(sorted(waiting, key=lambda item: (item.deadline.start or item.deadline.end,
                                                   item.deadline.sort_key, item.notice.slug)))


def open_notices(site: Site) -> list[NoticeSummary]:
    """The notices with something open, newest first: the open-now feed."""
    slugs = {item.notice.slug for item in open_listings(site)}
    return [n for n in site.newest if n.slug in slugs]


def open_page(site: Site) -> dict:
    return {"listings": open_listings(site), "opening": opening_listings(site),
            "kind_counts": {kind: len(listings) for kind, listings in site.deadlines_by_kind.items()}}


def front_page(site: Site) -> dict:
    """The front page's lists besides the latest issue: what closes within HOME_DAYS, and the comment
    periods open now."""
    listings = open_listings(site)
    last = site.today + dt.timedelta(days=HOME_DAYS)
    return {"closing": tuple(item for item in listings if item.deadline.end <= last),
            "commenting": tuple(item for item in listings if item.deadline.kind is DeadlineKind.COMMENT),
            "open_count": len(listings), "home_days": HOME_DAYS, "kinds": tuple(site.deadlines_by_kind),
            "latest": site.weeks[0] if site.weeks else None}


def status_context(today: dt.date, soon_days: int, template: str, context: Mapping) -> dict:
    """`as_of`, the date statuses are computed for, on a page that shows one (None on others, whose
    key then does not change with the build date), and the days a deadline counts as closing soon."""
    if template in _STATUS_TEMPLATES:
        shows = True
    elif template == "agency.html":
        shows = bool(context.get("listings"))
    elif template == "notice.html":
        shows = bool(context["notice"].deadlines)
    elif template == "week.html":
        shows = any(n.deadlines for n in context["week"].notices)
    else:
        shows = False
    return {"as_of": today if shows else None, "soon_days": soon_days if shows else None}
