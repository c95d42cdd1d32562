"""Search index cost on a generated archive: per-year bundles cold, with the store kept, after
adding one week, beside one Pagefind index of the whole site, ours and Hugo's.

    python benchmarks/search_index.py --weeks 40            # about 1 000 notices
    python benchmarks/search_index.py --weeks 520 --browser # ten years; also fetch size and time in Chromium

The archive is benchmarks/generate.py's first N+1 weeks; the last one is held back, then added for
the reindex. Our site is built with --no-search, then indexed by digest.search.index_site in a
process of its own, with a folder of files standing in for the build store (the memo). Peak
memory is GNU time's maximum RSS (of the largest process: Pagefind). Prints a table, then
`index_s=… index_mb=… reindex_s=…` (cold per-year index, its peak MB, the index after one week).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import compare_hugo  # noqa: E402  (measure, Hugo's site; not changed here)
import generate  # noqa: E402

from digest.search.stage import notice_years  # noqa: E402
from digest.store import Store  # noqa: E402
from digest.search import index_site, pagefind  # noqa: E402

TODAY = "2021-04-16"


def folder_memo(store: Path):
    """Each value a file of `store`: what the build store will keep."""
    store.mkdir(parents=True, exist_ok=True)

    def memo(kind, key, make):
        path = store / f"{kind}-{key}.tar"
        if path.is_file():
            return path.read_bytes()
        data = make()
        path.write_bytes(data)
        return data
    return memo


def years_of(content: Path, output: Path) -> dict[int, list[tuple[str, str]]]:
    """The notice pages by the year of their week, with the keys the build gave them (the search
    keys its store recorded for `output`, as the build's own search stage reads them)."""
    store = Store(content.parent / ".digest-cache")
    try:
        written = store.get_json("output-pages", str(output.resolve()))
    finally:
        store.close()
    if written is None:
        raise SystemExit(f"no build of {output} recorded in {content.parent / '.digest-cache'}")
    return notice_years(written["pages"], {notice.stem: int(notice.parent.parent.name)
                                           for notice in content.glob("*/*/*.md")})


def index_only(output: Path, content: Path, store: Path) -> None:
    """One index of `output` (the child process measured)."""
    started = time.perf_counter()
    counts = index_site(output, years_of(content, output), folder_memo(store))
    print(json.dumps({**counts, "seconds": round(time.perf_counter() - started, 2)}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weeks", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    parser.add_argument("--no-hugo", action="store_true", help="skip Hugo + Pagefind")
    parser.add_argument("--browser", action="store_true", help="also measure a query's fetch size and time in Chromium")
    parser.add_argument("--no-single", action="store_true", help="skip the single indexes of the whole site (over 10 GB at 520 weeks)")
    parser.add_argument("--index-only", nargs="+", type=Path, metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.index_only:
        index_only(*args.index_only)
        return 0

    run_dir = (args.work / f"search-w{args.weeks}-s{args.seed}").resolve()
    shutil.rmtree(run_dir, ignore_errors=True)
    content, out, store, logs = run_dir / "content", run_dir / "out", run_dir / "store", run_dir / "logs"
    logs.mkdir(parents=True)
    archive = generate.generate(args.weeks + 1, args.seed)
    generate.write_content(archive, content)
    last = sorted(content.glob("*/*"))[-1]
    held = run_dir / "held-week"
    shutil.move(last, held)
    notices = len(list(content.glob("*/*/*.md")))
    build = [sys.executable, str(REPO / "build.py"), "--content", str(content), "--output", str(out),
             "--today", TODAY, "--no-search", "--no-pdf"]  # PDF editions are timed by compare_hugo.py
    subprocess.run(build, check=True, capture_output=True)
    index = [sys.executable, str(Path(__file__).resolve()), "--index-only", str(out), str(content), str(store)]
    rows = []

    def record(name: str, cmd: list[str]) -> compare_hugo.Sample:
        sample = compare_hugo.measure(cmd, logs / f"{name}.log", cwd=REPO)
        log = (logs / f"{name}.log").read_text(encoding="utf-8", errors="replace")
        counts = next((line for line in log.splitlines() if line.startswith("{")), "")
        rows.append((name, sample, counts))
        print(f"  {name:28} {sample.wall:8.2f} s wall {sample.cpu:8.2f} s CPU {sample.rss_mb:8.0f} MB {counts}",
              file=sys.stderr)
        return sample

    cold = record("per-year, cold store", index)
    record("per-year, nothing changed", index)  # every year's bundle in place
    shutil.rmtree(out / "pagefind")
    record("per-year, from the store", index)  # every year unpacked from the store
    # A week added: the site built again (in place: the bundles stay in pagefind/), then indexed.
    shutil.move(held, last)
    subprocess.run(build, check=True, capture_output=True)
    added = record("per-year, one week added", index)
    single_dir = run_dir / "single-index"
    if not args.no_single:
        record("one index of the whole site", [str(pagefind().path), "--site", str(out), "--output-path", str(single_dir)])
    if not args.no_hugo and not args.no_single:
        hugo_site, hugo_out = run_dir / "hugo-site", run_dir / "out-hugo"
        compare_hugo.write_hugo_content(archive, hugo_site)
        compare_hugo.write_hugo_theme(hugo_site, run_dir / "hugo-cache")
        subprocess.run([str(compare_hugo.find_hugo()), "--quiet", "-s", str(hugo_site), "-d", str(hugo_out)],
                       check=True, capture_output=True)
        shutil.rmtree(single_dir, ignore_errors=True)
        record("Hugo + Pagefind, one index", [str(pagefind().path), "--site", str(hugo_out), "--output-path",
                                              str(single_dir)])
    print(f"\n{notices + len(list(last.glob('*.md')))} notices ({args.weeks + 1} weeks), Pagefind {pagefind().version}\n")
    print("| index | wall s | CPU s | peak MB |\n|---|---:|---:|---:|")
    for name, sample, _counts in rows:
        print(f"| {name} | {sample.wall:.2f} | {sample.cpu:.2f} | {sample.rss_mb:.0f} |")
    if args.browser:
        for line in browser_figures(out):
            print(line)
    print(f"\nindex_s={cold.wall:.2f} index_mb={cold.rss_mb:.0f} reindex_s={added.wall:.2f}")
    return 0


def browser_figures(site: Path) -> list[str]:
    """Bytes fetched and time to the first results for a few two-word queries, each in a new page."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    lines = ["\n| query | results | KB fetched at start | KB fetched for the query | ms to results | "
             "then query | its KB | its ms |", "|---|---|---:|---:|---:|---|---:|---:|"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for query, second in (("专利 申报", "知识产权 试点"), ("仿制药 一致性评价", "药品 注册"),
                              ("征求意见 通知", "医疗器械 监督")):
            page = browser.new_page()
            sizes = []
            page.on("requestfinished", lambda r: "/pagefind/" in r.url and sizes.append(r.sizes()["responseBodySize"]))
            page.goto(base + "/search/")
            page.wait_for_selector("#search-form[data-ready]", state="attached")
            startup = sum(sizes)  # the bundles' listing, script, wasm and metadata: once per visit
            sizes.clear()
            started = time.perf_counter()
            page.fill("#q", query)
            page.press("#q", "Enter")
            page.wait_for_function("document.getElementById('search-status').textContent.startsWith('找到')")
            first_ms = (time.perf_counter() - started) * 1000
            fetched = sum(sizes)
            count = page.locator("#search-status").inner_text()
            sizes.clear()
            started = time.perf_counter()
            page.fill("#q", second)
            page.press("#q", "Enter")
            page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q && "
                                   "document.getElementById('search-status').textContent.startsWith('找到')", arg=second)
            second_ms = (time.perf_counter() - started) * 1000
            lines.append(f"| {query} | {count} | {startup / 1024:.0f} | {fetched / 1024:.0f} | {first_ms:.0f} | "
                         f"{second} | {sum(sizes) / 1024:.0f} | {second_ms:.0f} |")
            page.close()
        browser.close()
    httpd.shutdown()
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
