"""What a reader can still act on today: the open-now list (its page, feed and calendar), the front
page's lists, and the as-of date of every page that shows a status."""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Mapping

from .deadlines import Deadline
from .models import DeadlineKind
from .site import Listing, Site
from .statuses import ACTIONABLE, Phase

OPEN_PATH = "deadlines/open/"
OPEN_FEED = "deadlines/open.xml"
OPEN_CALENDAR = "deadlines/open.ics"
OPEN_TITLE = "政策信息周报 · 现在可办理"
HOME_DAYS = 7  # the front page lists what a reader can act on that closes within this many days

# Pages that show the statuses of what is open today; pages of a month, a kind, an agency, a notice
# and a week show those of their own deadlines.
_STATUS_TEMPLATES = frozenset({"home.html", "deadlines.html", "deadlines_open.html"})
_LISTING_TEMPLATES = frozenset({"deadline_month.html", "deadline_kind.html", "agency.html"})


def open_listings(site: Site) -> tuple[Listing, ...]:
    """Open comment periods, application and submission windows and 公示 in progress on the build
    date, closing soonest first."""
    return site.actionable


def opening_listings(site: Site) -> tuple[Listing, ...]:
    """Windows of those kinds that have not begun yet, opening soonest first."""
    waiting = [item for item in site.deadlines
               if item.deadline.kind in ACTIONABLE and item.deadline.status.phase is Phase.UPCOMING]
    return tuple(sorted(waiting, key=lambda item: (item.deadline.start or item.deadline.end,
                                                   item.deadline.sort_key, item.notice.slug)))


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
    key then does not change with the build date), and the days a deadline counts as closing soon.
    A page whose statuses are all settled (every deadline closed, every rule in force) gives the day
    they settled instead, and `settled`: its key then stays the same on every later day."""
    if template in _LISTING_TEMPLATES:
        deadlines = [item.deadline for item in context["listings"]]
    elif template == "notice.html":
        deadlines = list(context["notice"].deadlines)
    elif template == "week.html":
        deadlines = [d for n in context["week"].notices for d in n.deadlines]
    elif template in _STATUS_TEMPLATES:
        return {"as_of": today, "soon_days": soon_days, "settled": False}
    else:
        deadlines = []
    if not deadlines:
        return {"as_of": None, "soon_days": None, "settled": False}
    since = settled_since(deadlines)
    return {"as_of": since or today, "soon_days": soon_days, "settled": since is not None}


def settled_since(deadlines: Iterable[Deadline]) -> dt.date | None:
    """The first day from which none of these statuses changes again, where that day has come: a
    deadline's is the day after its last, a rule's the day it takes effect."""
    days = []
    for d in deadlines:
        if d.status is None or d.status.phase is not Phase.CLOSED:
            return None
        days.append(d.end if d.kind is DeadlineKind.EFFECTIVE else d.end + dt.timedelta(days=1))
    return max(days)
