#!/usr/bin/env python3
"""How long `digest serve` takes to rebuild after an editor saves one notice, on a generated archive.

    python benchmarks/preview_rebuild.py --weeks 520 [--saves 5] [--seed 1]

Builds the archive once the way the preview does (in this process, with the build cache beside the
content and the weeks kept between builds), then appends a sentence to one notice `--saves` times,
rebuilding after each, and prints for each save the time until the pages are written (when the open
page reloads) and until the whole rebuild, search index included, is done, and the medians. As
`digest serve` does, it builds the search index (`--no-search` leaves it out) and no PDF editions. The notice is restored
at the end. The archive is generated into benchmarks/.work/ like compare_hugo.py's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py)
from digest.config import BuildConfig  # noqa: E402
from digest.serve import Preview  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weeks", type=int, default=520)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    parser.add_argument("--no-search", dest="search", action="store_false", help="as `digest serve --no-search`")
    args = parser.parse_args()

    content = args.work / f"preview-w{args.weeks}-s{args.seed}" / "content"
    if not content.is_dir():
        print(f"generating {args.weeks} weeks into {content} ...", file=sys.stderr)
        generate.write_content(generate.generate(args.weeks, args.seed), content)
    shutil.rmtree(content.parent / ".digest-cache", ignore_errors=True)
    output = Path(tempfile.mkdtemp(prefix="digest-preview-bench-")) / "_site"
    config = BuildConfig(content=content, output=output, templates=REPO / "templates", static=REPO / "static",
                         today=dt.date(2021, 4, 16), search=args.search, pdf=False,
                         cache_dir=content.parent / ".digest-cache",
                         base_url="/")
    preview = Preview(config)
    # the moment the pages are in place: when the preview tells the open page to reload
    pages_at: list[float] = []
    tell = preview._pages_ready
    preview._pages_ready = lambda: (pages_at.append(time.monotonic()), tell())
    started = time.monotonic()
    preview.rebuild()
    print(f"first build (no cache): {time.monotonic() - started:.2f} s")

    notices = sorted(content.glob("*/*/*.md"))
    notice = notices[len(notices) // 2]
    original = notice.read_text(encoding="utf-8")
    times, whole = [], []
    try:
        for save in range(args.saves):
            notice.write_text(original + f"\n（预览基准修订 {save}）\n", encoding="utf-8")
            pages_at.clear()
            started = time.monotonic()
            preview.rebuild({str(notice)})  # as the file watcher reports the save
            whole.append(time.monotonic() - started)
            times.append(pages_at[0] - started)
            print(f"save {save + 1}: pages written after {times[-1]:.2f} s, rebuild done after {whole[-1]:.2f} s")
    finally:
        notice.write_text(original, encoding="utf-8")
        shutil.rmtree(output.parent, ignore_errors=True)
    print(f"{len(notices)} notices; median preview rebuild after a one-notice save: {statistics.median(times):.2f} s"
          f" (until the page is rewritten; the whole rebuild{', search index included,' if args.search else ''}"
          f" {statistics.median(whole):.2f} s)")


if __name__ == "__main__":
    main()
