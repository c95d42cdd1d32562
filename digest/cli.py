"""The `digest` command: parses arguments and calls the library; content errors become messages."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .build import build
from .config import BuildConfig, default_today
from .errors import ContentErrors


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期须写成 YYYY-MM-DD：{text}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digest", description="政策周报静态站点生成器 · weekly policy digest site generator")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="把 content/ 生成为静态站点 · build the site")
    build_cmd.add_argument("--content", type=Path, default=Path("content"), help="内容文件夹（默认 content）")
    build_cmd.add_argument("--output", type=Path, default=Path("_site"), help="输出文件夹（默认 _site）")
    build_cmd.add_argument("--templates", type=Path, help="模板文件夹（默认为内容文件夹旁的 templates）")
    build_cmd.add_argument("--static", type=Path, help="静态资源文件夹（默认为内容文件夹旁的 static）")
    build_cmd.add_argument("--base-url", default="/", help="站点根地址，如 https://example.org/digest/（默认 /）")
    build_cmd.add_argument("--today", type=_date, help="构建日期 YYYY-MM-DD，用于计算截止状态（默认今天）")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config = BuildConfig(content=args.content, output=args.output, templates=args.templates, static=args.static,
                         base_url=args.base_url, today=args.today or default_today())
    try:
        result = build(config)
    except ContentErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"共 {len(exc.errors)} 处内容错误，未生成站点；{config.output} 保持原样。", file=sys.stderr)
        return 1
    print(f"已生成 {result.pages} 个页面（{result.weeks} 期，{result.notices} 条通知）→ {result.output}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
