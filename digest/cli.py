"""The `digest` command: parses arguments and calls the library; content errors become messages.

Exit status: 0 success, 1 content errors (or warnings with --strict), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import time
import unicodedata
from pathlib import Path
from typing import NoReturn

from .pipeline import build, check
from .config import BuildConfig, default_today
from .errors import BuildError, ContentErrors


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期须写成 YYYY-MM-DD：{text}") from None


def _content_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="内容文件夹（默认 content）")
    parser.add_argument("--today", type=_date, help="计算截止状态所用的日期 YYYY-MM-DD（默认北京时间的今天）")
    parser.add_argument("--soon-days", type=int, default=7, help="距截止不超过几天显示为“即将截止”（默认 7）")
    parser.add_argument("--strict", action="store_true", help="有警告也视为失败（退出码 1）")


def _cache_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache", type=Path, help="构建缓存文件夹（默认为内容文件夹旁的 .digest-cache）")
    parser.add_argument("--no-cache", action="store_true", help="不用缓存，每次完整重建")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digest", description="政策周报静态站点生成器 · weekly policy digest site generator")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="检查内容并生成静态站点 · build the site")
    _content_options(build_cmd)
    build_cmd.add_argument("--output", type=Path, default=Path("_site"), help="输出文件夹（默认 _site）")
    build_cmd.add_argument("--templates", type=Path, help="模板文件夹（默认为内容文件夹旁的 templates）")
    build_cmd.add_argument("--static", type=Path, help="静态资源文件夹（默认为内容文件夹旁的 static）")
    build_cmd.add_argument("--base-url", default="/", help="站点根地址，如 https://example.org/digest/（默认 /）")
    build_cmd.add_argument("--replace-output", action="store_true", help="输出文件夹中有其他文件时也整体替换")
    build_cmd.add_argument("--no-search", dest="search", action="store_false", help="不建立搜索索引（快速预览用）")
    build_cmd.add_argument("--no-pdf", dest="pdf", action="store_false", help="不生成各期的 PDF 版（快速预览用）")
    _cache_options(build_cmd)
    serve_cmd = commands.add_parser("serve", help="本地预览，保存后自动重新生成并刷新页面 · live preview")
    _content_options(serve_cmd)
    serve_cmd.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    serve_cmd.add_argument("--no-search", dest="search", action="store_false", help="不建立搜索索引（更快）")
    serve_cmd.add_argument("--pdf", action="store_true", help="同时生成各期的 PDF 版（较慢）")
    _cache_options(serve_cmd)
    check_cmd = commands.add_parser("check", help="只检查内容，列出全部错误和警告 · validate content")
    _content_options(check_cmd)
    check_cmd.add_argument("--format", choices=["text", "github"], default="text",
                           help="输出格式：text（默认）或 github（GitHub Actions 注释，在拉取请求中标出出错的行）")
    check_cmd.add_argument("--all", action="store_true", dest="show_settled",
                           help="也列出已核对的警告（通知中 checked 记下的）")
    new_cmd = commands.add_parser("new", help="新建一期（digest new 2021-04-23）或一条通知（digest new notice 2021-04-23 文件名）")
    new_cmd.add_argument("what", nargs="+", metavar="日期 | notice 日期 文件名")
    new_cmd.add_argument("--content", type=Path, default=Path("content"), help="内容文件夹（默认 content）")
    new_cmd.add_argument("--days", type=int, default=7, help="新一期各篇收录的天数（默认 7）")
    import_cmd = commands.add_parser("import", help="把从 PDF 导出的周报文本导入为一期记录 · import a bulletin")
    import_cmd.add_argument("source", type=Path, help="周报的纯文本 / Markdown 导出文件")
    import_cmd.add_argument("--content", type=Path, default=Path("content"), help="内容文件夹（默认 content）")
    import_cmd.add_argument("--force", action="store_true", help="本期已存在时覆盖")
    commands.add_parser("schema", help="重新生成 schemas/ 下的 JSON Schema · regenerate schemas")
    deadlines_cmd = commands.add_parser("deadlines", help="在终端列出即将截止的事项 · upcoming deadlines")
    _content_options(deadlines_cmd)
    deadlines_cmd.add_argument("--from", dest="start", type=_date, help="起始日期（默认 --today 或今天）")
    deadlines_cmd.add_argument("--days", type=int, default=14, help="列出多少天内截止的事项（默认 14）")
    return parser


# The collector's first threshold for the command's process (Python's default is 700): a build
# holds the archive's few million objects, made from the store and never freed before the end, and
# each full collection walks all of them. Measured in docs/architecture.md.
COLLECT_AFTER = 10_000


def run(argv: list[str] | None = None) -> NoReturn:
    """The `digest` command as a process."""
    gc.set_threshold(COLLECT_AFTER, *gc.get_threshold()[1:])
    sys.exit(main(argv))


def main(argv: list[str] | None = None) -> int:
    """The `digest` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "schema":
        from .schema import write_schemas  # pydantic is loaded only by the commands that use it

        for path in write_schemas():
            print(f"已写入 {path}")
        return 0
    if args.command == "new":
        return _new(parser, args)
    if args.command == "import":
        from .importer import import_bulletin  # here: a build has no use for its tables and patterns

        try:
            report = import_bulletin(args.source, args.content, force=args.force)
        except BuildError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(report.summary(), end="")
        return 0
    today = args.today or (args.start if args.command == "deadlines" and args.start else default_today())
    options = dict(content=args.content, today=today, soon_days=args.soon_days, strict=args.strict)
    if args.command in ("build", "serve"):
        options.update(cache_dir=None if args.no_cache else (args.cache or args.content.parent / ".digest-cache"))
    if args.command == "build":
        options.update(output=args.output, templates=args.templates, static=args.static, base_url=args.base_url,
                       replace_output=args.replace_output, search=args.search, pdf=args.pdf)
    if args.command == "serve":
        from .serve import serve  # here: a build has no use for the HTTP server

        try:
            serve(BuildConfig(**options, search=args.search, pdf=args.pdf), args.port)
        except BuildError as exc:
            print(exc, file=sys.stderr)
            return 1
        return 0
    config = BuildConfig(**options)
    try:
        if args.command == "build":
            started = time.monotonic()
            result = build(config, _progress_bar(started))
            _report(result.warnings)
            for note in result.notes:
                print(f"注意：{note}", file=sys.stderr)
            done = "内容未变，保留" if result.unchanged else "已生成"
            print(f"{done} {result.pages} 个页面（{result.weeks} 期，{result.notices} 条通知，"
                  f"{len(result.warnings)} 条警告），用时 {time.monotonic() - started:.1f} 秒 → {result.output}/index.html")
        elif args.command == "check":
            site = check(config)
            _report(sorted(site.warnings + site.settled) if args.show_settled else site.warnings, args.format)
            settled = f"，另有 {len(site.settled)} 条已核对" if site.settled else ""
            print(f"检查通过：{len(site.weeks)} 期，{len(site.notices)} 条通知，{len(site.warnings)} 条警告{settled}。")
        else:
            site = check(config)
            start = args.start or today
            print_deadlines(site, start, start + dt.timedelta(days=args.days))
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    except ContentErrors as exc:
        _report(exc.errors, getattr(args, "format", "text"))
        errors = sum(not e.warning for e in exc.errors)
        tail = "，未生成站点；{} 保持原样".format(config.output) if args.command == "build" else ""
        print(f"共 {errors} 处错误、{len(exc.errors) - errors} 条警告{tail}。", file=sys.stderr)
        return 1
    return 0


def _progress_bar(started: float):
    """A page counter on the terminal, once a build has taken more than a moment (never in logs)."""
    if not sys.stderr.isatty():
        return None

    def show(pages: int) -> None:
        if pages % 200 == 0 and time.monotonic() - started > 1:
            print(f"\r正在生成页面：{pages}", end="", file=sys.stderr, flush=True)
    return show


def _report(problems, style: str = "text") -> None:
    for problem in problems:
        if style == "github":
            # GitHub Actions workflow commands: the pull request shows each on its file and line.
            level = "notice" if problem.settled else "warning" if problem.warning else "error"
            where = f"file={_escape_property(problem.path)}" + (f",line={problem.line}" if problem.line else "")
            title = f",title={_escape_property(problem.field)}" if problem.field else ""
            print(f"::{level} {where}{title}::{_escape_data(problem.message)}")
        else:
            print(problem, file=sys.stderr)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _new(parser: argparse.ArgumentParser, args) -> int:
    from .scaffold import new_notice, new_week

    try:
        if args.what[0] == "notice" and len(args.what) == 3:
            path = new_notice(args.content, _date(args.what[1]), args.what[2])
        elif len(args.what) == 1:
            path = new_week(args.content, _date(args.what[0]), args.days)
        else:
            parser.error("用法：digest new 日期，或 digest new notice 日期 文件名")
    except (BuildError, argparse.ArgumentTypeError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"已创建 {path}")
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def print_deadlines(site, start: dt.date, end: dt.date) -> None:
    """A plain table of deadlines closing between `start` and `end`, for the weekly reminder."""
    rows = [(item.deadline.end.isoformat(), item.deadline.kind.value, item.deadline.status.value,
             "、".join(a.short_name for a in item.notice.issuers), item.notice.title)
            for item in site.deadlines if start <= item.deadline.end <= end]
    if not rows:
        print(f"{start} 至 {end} 没有截止事项。")
        return
    header = ("截止日期", "类型", "状态", "发文机关", "通知")
    widths = [max(_width(r[i]) for r in rows + [header]) for i in range(4)]
    for row in [header] + rows:
        print("  ".join(_pad(cell, w) for cell, w in zip(row, widths)) + "  " + row[4])


if __name__ == "__main__":
    run()
