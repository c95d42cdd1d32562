"""Pages: the linked site rendered through one Jinja template per page type."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
import sys
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, UndefinedError
from markupsafe import escape

from . import edition, view
from .config import BuildConfig
from .directory import issuing
from .keys import page_key, text_digest
from .models import DeadlineKind, Group, Level, Section
from .errors import BuildError
from .opennow import OPEN_FEED, OPEN_PATH, front_page, open_page, status_context
from .output import Page, PageGroup
from .related import NONE, Links
from .site import NoticeSummary, Site, Week

WEEKDAYS = "一二三四五六日"
LIST_PAGE_SIZE = 100  # notices or deadlines on one page of a long list
DEADLINE_MONTHS_AHEAD = 6  # months the deadline index lists in full, from the build date's month on


Local = Callable[[str, Any, Callable[[], Any]], Any]  # Store.local


def _made_now(kind: str, key: Any, make: Callable[[], Any]) -> Any:
    return make()


def cn_date(value: dt.date | None) -> str:
    return f"{value.year} 年 {value.month} 月 {value.day} 日" if value else ""


def cn_month(value: str) -> str:
    year, month = value.split("-")
    return f"{year} 年 {int(month)} 月"


def subscribe_url(config: BuildConfig, path: str) -> str:
    """A calendar link: webcal:// where the site's address is known, so calendar apps subscribe."""
    if config.site_url:
        return "webcal://" + config.site_url.split("://", 1)[1] + path
    return config.base_path + path


# A tag naming another template: {% extends "base.html" %}, {% include … %}, {% import … %}, {% from … import %}.
_REFERENCE = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\s+(?:([\"'])([^\"']+)\1)?")


def template_versions(folder: Path) -> dict[str, str]:
    """Each template's name with a hash of its source and of the templates it names, as far down as
    they go: a page keyed by it is made again when any template it is rendered with changes, and only
    then. A template naming another by anything but a quoted name depends on every template."""
    sources = {p.relative_to(folder).as_posix(): p.read_bytes()
               for p in sorted(folder.rglob("*")) if p.is_file()} if folder.is_dir() else {}
    named = {}
    for name, source in sources.items():
        names = [match[2] for match in _REFERENCE.finditer(source.decode("utf-8", "replace"))]
        named[name] = set(sources) if None in names else set(names) & sources.keys()
    digests = {name: text_digest(source) for name, source in sources.items()}
    versions = {}
    for name in sources:
        used, todo = {name}, [name]
        while todo:
            for other in named[todo.pop()] - used:
                used.add(other)
                todo.append(other)
        versions[name] = text_digest("\0".join(f"{n}:{digests[n]}" for n in sorted(used)))
    return versions


def make_environment(config: BuildConfig, compile_all: bool = False) -> Environment:
    """Templates are compiled in memory, once per build: nothing compiled is kept on disk. Each is
    compiled when a page first needs it, or, with `compile_all`, all of them now: what a process that
    builds again and again (the preview) does, before its first build forks the workers that write
    the pages, so that neither they nor its first save compile them again."""
    env = Environment(
        loader=FileSystemLoader(config.templates_dir),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no need to check template files per page
    )
    base = config.base_path
    env.globals.update(
        base_path=base,  # what a site path is linked with: href="{{ base_path }}{{ n.url }}"
        subscribe=lambda path: subscribe_url(config, path),
        address=lambda path: config.link_root + path,
        Section=Section, Group=Group, Level=Level, DeadlineKind=DeadlineKind,
    )
    env.filters.update(view.filters(lambda path: base + path))
    env.filters.update(
        cn_date=cn_date,
        cn_month=cn_month,
        weekday=lambda d: "周" + WEEKDAYS[d.weekday()],
    )
    if compile_all:
        for name in env.list_templates(extensions=["html"]):
            try:
                env.get_template(name)
            except TemplateError:
                pass  # the build stops, naming the template and line, at the first page that uses it
    return env


class _Pages:
    """Makes the Page of each HTML page: its context completed with what every page is given, and its key."""

    def __init__(self, site: Site, config: BuildConfig, feeds: dict[str, str], memo: edition.Memo = edition.no_memo,
                 env: Environment | None = None):
        self.memo = memo
        self.env = env or make_environment(config)
        self.versions = template_versions(config.templates_dir)
        self.site, self.config, self.feeds = site, config, feeds
        self.paths: list[str] = []  # of every page made but the 404 and redirect pages, for the sitemap
        self.site_url = config.site_url

    def __call__(self, path: str, template: str, *args, **context) -> Page:
        """A page keyed by its context, listed in the sitemap (but for the 404 and redirect pages)."""
        if path != "404.html" and template != "redirect.html":
            self.paths.append(path)
        return self.unlisted(path, template, *args, **context)

    def unlisted(self, path: str, template: str, extra_feeds: tuple[str, ...] = (),
                 texts: Sequence[NoticeSummary] = (), full: Callable[[], dict] | None = None, **context) -> Page:
        """A page keyed by its context. `texts`: the notices whose text the page shows, and `full` what
        replaces the summaries of its context with them when it is rendered."""
        announced = {f: self.feeds[f] for f in ("feed.xml", *extra_feeds)}
        site_url = self.config.site_url
        context.update(status_context(self.site.today, self.config.soon_days, template, context))
        context.update(page_path=path, feeds=announced,
                       canonical=(site_url + path) if site_url else None)
        return Page(path + "index.html" if path.endswith("/") or not path else path,
                    partial(_render, self.env, template, context, full),
                    partial(_keys, self.versions.get(template, template), template, context, texts))

    @cached_property
    def stylesheet(self) -> bytes:
        """The PDF edition's."""
        return (self.config.static_dir / edition.STYLESHEET).read_bytes()

    def edition(self, week: Week, links: dict) -> Page:
        """The PDF edition of the week (edition.py), its bytes made through `memo`."""
        static = self.config.static_dir
        key = edition.edition_key(week, links, self.versions.get(edition.TEMPLATE, ""), self.stylesheet)
        context = dict(today=self.site.today, page_path=edition.edition_path(week),
                       **status_context(self.site.today, self.config.soon_days, "week.html", {"week": week}))
        make = partial(_edition, self.env, self.site, week, links, context, static, key)
        return Page(edition.edition_path(week), partial(self.memo, "pdf", key, make), key)


def _edition(env: Environment, site: Site, week: Week, links: dict, context: dict, static: Path, key: str) -> bytes:
    return edition.make_edition(env, site.full_week(week), links, context, static, key)


# What a notice's page shows only in parts the search index ignores (data-pagefind-ignore in
# notice.html: its issue's number and neighbours, the previous and next notice, related notices and
# who cites it), so a new week that changes them re-indexes no other year.
_NOT_INDEXED = frozenset({"links", "previous", "following", "issue"})
_ISSUE_TEMPLATES = ("week.html", "notice.html", "redirect.html", edition.TEMPLATE)


def _week_groups(site: Site, page: _Pages, local: Local,
                 more: Callable[[Week], Iterable[Page]]) -> Iterator[PageGroup]:
    """Each issue's pages as one group: its page, PDF and running header, its notices' pages, and
    `more` of its files (its notices' calendars).
    What they are made from is the issue whole (`full_digest`: its file, its notices' files, agencies,
    neighbours and number), its notices' links, their statuses on the build date, and the templates.
    A process that builds again and again keeps each key by those (`local`)."""
    templates = tuple(page.versions.get(name, name) for name in _ISSUE_TEMPLATES)
    pdf = text_digest(page.stylesheet) if page.config.pdf else ""
    for week in site.weeks:  # keyed when first looked at: the links may still be being made (link.py)
        yield PageGroup(week.url, partial(_issue_key, page, week, templates, pdf, local),
                        partial(_week_pages, site, page, week, more))


def _issue_key(page: _Pages, week: Week, templates: tuple[str, ...], pdf: str, local: Local) -> str:
    links = tuple(page.site.links.digest_of(n.slug) for n in week.notices)
    return local("issue-key", (templates, pdf, week.full_digest, links, page.site.today, page.config.soon_days),
                 partial(_week_key, page, week, templates, pdf, links))


def _week_key(page: _Pages, week: Week, templates: tuple[str, ...], pdf: str, links: tuple[str, ...]) -> str:
    statuses = status_context(page.site.today, page.config.soon_days, "week.html", {"week": week})
    return page_key(list(templates), pdf, week.full_digest, list(links), statuses["as_of"], statuses["soon_days"],
                    [page.feeds[f] for f in _issue_feeds(week)])


def _issue_feeds(week: Week) -> tuple[str, ...]:
    return ("feed.xml", *(f"feeds/{s.entry.section.value}.xml" for s in week.sections))


def _week_pages(site: Site, page: _Pages, week: Week, more: Callable[[Week], Iterable[Page]]) -> Iterator[Page]:
    links = {n.slug: site.links.get(n.slug, NONE) for n in week.notices}
    # the week page and its PDF link what bodies cite; the related notices show on notice pages
    cited = {slug: Links(targets=value.targets) for slug, value in links.items()}
    pdf = edition.edition_path(week) if page.config.pdf else None
    yield page.unlisted(week.url, "week.html", week=week, texts=week.notices, full=lambda: {"week": site.full_week(week)},
                        links=cited, pdf=pdf, extra_feeds=_issue_feeds(week)[1:])
    yield Page.of(week.url + "print.css", view.running_header(week))
    if pdf:
        yield page.edition(week, cited)
    notices = week.notices
    for i, notice in enumerate(notices):
        yield page.unlisted(notice.url, "notice.html", notice=notice, texts=(notice,), issue=week, links=links[notice.slug],
                            previous=notices[i - 1] if i else None, following=notices[i + 1] if i + 1 < len(notices) else None,
                            full=lambda notice=notice: {"notice": site.full(notice)})
        for alias, _, _ in notice.aliases:  # old addresses of a renamed notice lead to it
            yield page.unlisted(f"notices/{alias}/", "redirect.html", notice=notice, alias=alias,
                                target_canonical=page.site_url + notice.url if page.site_url else None)
    yield from more(week)


def render_pages(site: Site, config: BuildConfig, feeds: dict[str, str], memo: edition.Memo = edition.no_memo,
                 env: Environment | None = None, more_lists: Callable[[], Iterable[Page]] = tuple,
                 more_issue_files: Callable[[Week], Iterable[Page]] = lambda week: (),
                 local: Local = _made_now) -> Iterator[Page | PageGroup]:
    """Every HTML page and each issue's PDF edition; `feeds` maps feed paths to titles, for pages to
    announce their feeds; `memo` keeps what is costly to make (the PDFs) by its key; `env` is the
    templates (make_environment) and `local` what else a process that builds again and again keeps
    in memory (Store.local); `more_lists` the other files made from what lists show (the calendars),
    grouped with the lists, and `more_issue_files` those made from an issue (its notices' calendars),
    grouped with its pages."""
    page = _Pages(site, config, feeds, memo, env)
    # the lists first: they show no links, which may still be being made when they are looked at
    yield PageGroup("lists", _lists_key(site, page), partial(_list_pages, site, page, more_lists))
    yield from _week_groups(site, page, local, more_issue_files)


def _lists_key(site: Site, page: _Pages) -> str:
    """Of what every page but an issue's is made from: what lists show of each notice (a body edit
    that cites nothing new leaves it alone), the issues, the agencies, the statuses' build date, the
    feeds and the templates. Their pages are given summaries, never a notice's text (site.py)."""
    return page_key(sorted(page.versions.items()), site.today, page.config.soon_days, page.config.search,
                    sorted(page.feeds.items()), list(site.agencies.values()),
                    text_digest("\0".join(n.digest for n in site.newest)),
                    text_digest("\0".join(w.digest for w in site.weeks)))


def _list_pages(site: Site, page: _Pages, more_lists: Callable[[], Iterable[Page]]) -> Iterator[Page]:
    yield page("", "home.html", extra_feeds=(OPEN_FEED,), **front_page(site))
    weeks_by_year: dict[int, list] = defaultdict(list)
    for week in site.weeks:
        weeks_by_year[week.date.year].append(week)
    yield page("weeks/", "weeks.html", weeks_by_year=dict(weeks_by_year))
    for week in site.weeks:  # the issues' pages, in the sitemap as the lists order them
        page.paths += [week.url, *(n.url for n in week.notices)]
    yield from _browse_pages(site, page)
    yield page("agencies/", "agencies.html", directory=_directory(site),
               counts={agency_id: len(notices) for agency_id, notices in site.notices_by_agency.items()})
    shown = issuing(site.agencies, site.notices_by_agency)  # an agency with no notice gets no page
    for agency in shown:
        yield page(agency.url, "agency.html", extra_feeds=(f"{agency.url}feed.xml",), agency=agency,
                   notices=site.notices_by_agency[agency.id], listings=site.deadlines_by_agency[agency.id],
                   parent=site.agencies.get(agency.parent_id) if agency.parent_id else None,
                   children=[a for a in shown if a.parent_id == agency.id])
    kind_counts = {kind: len(listings) for kind, listings in site.deadlines_by_kind.items()}
    yield page("deadlines/", "deadlines.html", kind_counts=kind_counts, months_ahead=DEADLINE_MONTHS_AHEAD,
               upcoming=_upcoming_months(site), months_by_year=_months_by_year(site))
    yield page(OPEN_PATH, "deadlines_open.html", extra_feeds=(OPEN_FEED,), **open_page(site))
    for month, listings in site.deadline_months.items():
        yield page(f"deadlines/{month}/", "deadline_month.html", month=month, listings=listings,
                   months=list(site.deadline_months))
    for kind, listings in site.deadlines_by_kind.items():
        for path, paging, listed in _pages(f"deadlines/kind/{kind.slug}/", listings):
            yield page(path, "deadline_kind.html", kind=kind, listings=listed, kind_counts=kind_counts, paging=paging)
    yield page("data/", "data.html", years=sorted(weeks_by_year, reverse=True))
    yield page("search/", "search.html")
    yield page("404.html", "404.html")
    yield from more_lists()
    yield from site_files(page.paths, page.config)


def _keys(version: str, template: str, context: dict, texts: Sequence[NoticeSummary]) -> tuple[str, str | None]:
    """A page's key and search key: of its template, its context and the notices whose text it shows."""
    texts_key = [n.full_digest for n in texts]
    key = text_digest(f"{version}\0{page_key(context, texts_key)}")
    search_key = None
    if template == "notice.html":  # what the index leaves out (data-pagefind-ignore) is left out of its key
        indexed = {name: value for name, value in context.items() if name not in _NOT_INDEXED}
        search_key = text_digest(f"{version}\0{page_key(indexed, texts_key)}")
    return key, search_key


def _render(env: Environment, template: str, context: dict, full: Callable[[], dict] | None) -> bytes:
    try:
        return env.get_template(template).render({**context, **full()} if full else context).encode("utf-8")
    except UndefinedError as error:
        raise BuildError(f"模板 {_template_line(template)}：{_undefined_message(error)}") from None
    except TemplateError as error:
        raise BuildError(f"模板 {_template_line(template)}：{error}") from None


def _template_line(template: str) -> str:
    """The template and line being rendered when an error was raised (Jinja's own traceback frames)."""
    trace = sys.exc_info()[2]
    where = template
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if name.endswith(".html") or name.endswith(".xml"):
            where = f"{name.rsplit('/', 1)[-1]} 第 {trace.tb_lineno} 行"
        trace = trace.tb_next
    return where


def _undefined_message(error: UndefinedError) -> str:
    text = str(error)
    if "NoticeSummary object' has no attribute" in text:
        name = text.rsplit("'", 2)[-2]
        return (f"列表页中的通知没有“{name}”：列表页只显示标题、日期、发文机关和截止日期，"
                f"正文和其他字段只在通知页、周报页、订阅源和数据文件中显示")
    return f"{text}（模板用到了页面没有的值）"


def site_files(html_paths: list[str], config: BuildConfig) -> Iterator[Page]:
    """robots.txt, and sitemap.xml where the site's absolute address is known (sitemaps need it)."""
    robots = "User-agent: *\nAllow: /\n"
    if config.site_url:
        urls = "".join(f"  <url><loc>{escape(config.site_url + path)}</loc></url>\n" for path in html_paths)
        sitemap = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                   '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n")
        yield Page.of("sitemap.xml", sitemap.encode("utf-8"))
        robots += f"Sitemap: {config.site_url}sitemap.xml\n"
    yield Page.of("robots.txt", robots.encode("utf-8"))


def _browse_pages(site: Site, page) -> Iterator[Page]:
    """All notices newest first, and one list per section and per section and group: filters as links."""
    newest = site.newest
    lists = [("browse/", None, None, newest)]
    for section in Section:
        in_section = [n for n in newest if n.section is section]
        lists.append((f"browse/{section.value}/", section, None, in_section))
        lists += [(f"browse/{section.value}/{group.value}/", section, group,
                   [n for n in in_section if n.group is group]) for group in Group]
    for base, section, group, notices in lists:
        for path, paging, listed in _pages(base, notices):
            yield page(path, "browse.html", section=section, group=group, notices=listed, paging=paging)


@dataclass(frozen=True)
class Paging:
    total: int  # items in the whole list
    number: int  # this page's, from 1
    count: int  # pages
    previous: str | None
    next: str | None


def _pages(base: str, items: Sequence) -> Iterator[tuple[str, Paging, Sequence]]:
    """A long list in pages of LIST_PAGE_SIZE: `base`, then `base`page/2/ and so on."""
    count = max(1, -(-len(items) // LIST_PAGE_SIZE))
    paths = [base] + [f"{base}page/{number}/" for number in range(2, count + 1)]
    for i, path in enumerate(paths):
        paging = Paging(total=len(items), number=i + 1, count=count, previous=paths[i - 1] if i else None,
                        next=paths[i + 1] if i + 1 < count else None)
        yield path, paging, items[i * LIST_PAGE_SIZE:(i + 1) * LIST_PAGE_SIZE]


def _upcoming_months(site: Site) -> dict[str, tuple]:
    """The deadline months the index lists in full: this month and the next few (the rest are linked)."""
    first = site.today.replace(day=1)
    months = [f"{(first.month - 1 + i) // 12 + first.year}-{(first.month - 1 + i) % 12 + 1:02d}"
              for i in range(DEADLINE_MONTHS_AHEAD)]
    return {month: site.deadline_months[month] for month in months if month in site.deadline_months}


def _months_by_year(site: Site) -> dict[str, list[tuple[str, int]]]:
    years: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for month, listings in site.deadline_months.items():
        years[month[:4]].append((month, len(listings)))
    return dict(years)


def _directory(site: Site) -> dict[str, list]:
    """Agencies for the directory: national first, then local ones by region."""
    groups: dict[str, list] = {"国家级": []}
    for agency in issuing(site.agencies, site.notices_by_agency):
        key = "国家级" if agency.level is Level.NATIONAL else f"地方级 · {agency.region or '其他'}"
        groups.setdefault(key, []).append(agency)
    return {k: groups[k] for k in ["国家级"] + sorted(k for k in groups if k != "国家级") if groups[k]}
