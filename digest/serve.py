"""`digest serve`: a local preview that rebuilds on every save and reloads the open page.

A content error does not stop the server: the terminal lists it and the browser shows an error
page naming file, line and field, until the save that fixes it brings the site back.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import gc
import html
import shutil
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .pipeline import BuildResult, Resident, build
from .config import BuildConfig
from .errors import BuildError, ContentError, ContentErrors

RELOAD_PATH = "/__digest/reload.js"
VERSION_PATH = "/__digest/version"
# Polls the build version and reloads when it differs from the one the page was served with (its
# script tag carries it, so a save right after the page loaded is not missed); only ever served by
# the preview.
RELOAD_JS = b"""(function () {
  var seen = document.currentScript.getAttribute("data-version");
  setInterval(function () {
    fetch("/__digest/version", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (v !== seen) location.reload();
    }).catch(function () {});
  }, 500);
})();
"""
HOSTS = ("127.0.0.1", "localhost")  # the only names the preview answers to (no DNS rebinding)


def reload_tag(version: int) -> bytes:
    return f'<script src="{RELOAD_PATH}" data-version="{version}"></script>'.encode()


class Preview:
    """The latest build of the content, or the errors that stopped it."""

    def __init__(self, config: BuildConfig):
        self.config = config
        self.version = 0
        self.problems: list[ContentError] = []
        self.review: list[ContentError] = []  # the warnings not yet settled: shown on every preview page
        self.failure = ""
        self.last: BuildResult | None = None  # what the last build that finished made
        self._lock = threading.Lock()
        self._resident = Resident()  # kept between rebuilds: a save re-reads and re-links only its own week

    def rebuild(self, changed: set[str] | None = None) -> None:
        """Build again; `changed`: the paths the file watcher reported since the last rebuild (None:
        not known, so every input folder is walked)."""
        with self._lock:
            version = self.version
            self._resident.changed = changed
            try:
                result = self.last = build(self.config, resident=self._resident, pages_ready=self._pages_ready)
                self.problems, self.failure = [], ""
                self.review = [w for w in result.warnings if not w.settled]
                print(f"已更新：{result.pages} 个页面，{len(result.warnings)} 条警告", file=sys.stderr)
                for warning in result.warnings:
                    print(warning, file=sys.stderr)
            except ContentErrors as exc:
                self.problems, self.failure = list(exc.errors), ""
                for problem in exc.errors:
                    print(problem, file=sys.stderr)
                print(f"共 {len(exc.errors)} 处问题：修改并保存后自动重新生成。", file=sys.stderr)
            except BuildError as exc:
                self.problems, self.failure = [], str(exc)
                print(exc, file=sys.stderr)
            except Exception as exc:  # the preview outlives any build: the next save tries again
                self.problems, self.failure = [], f"构建失败（{type(exc).__name__}: {exc}）：修改并保存后自动重试"
                print(self.failure, file=sys.stderr)
            if self.problems or self.failure:
                self._resident.walks.clear()  # a build that stopped: the next walks every folder whole
            if self.version == version:  # not already told when the pages were in place
                self.version += 1
            _settle_memory()

    def _pages_ready(self) -> None:
        """The pages are written: the open page reloads now, not after the search index is made again
        (which follows, in the same rebuild)."""
        self.version += 1

    def review_panel(self) -> bytes:
        """The editor's review list (the importer's `review:` lines and every unsettled warning), as a
        box at the foot of each page: only the preview shows it, never the published site."""
        if not self.review:
            return b""
        items = "".join(f"<li><code>{html.escape(w.path)}:{w.line}</code> {html.escape(w.field)} "
                        f"{html.escape(w.message)}</li>" for w in self.review)
        return (f'<aside class="digest-preview-review" lang="zh-CN" aria-label="预览：待核对" style="position:fixed;'
                f'right:1em;bottom:1em;max-width:32em;max-height:45vh;overflow:auto;background:#fffbe6;color:#1c1b19;'
                f'border:1px solid #b08800;padding:.5em 1em;font:14px/1.6 system-ui,sans-serif;z-index:99">'
                f'<details><summary>预览：{len(self.review)} 条待核对（只在预览中显示，发布的网站没有）</summary>'
                f'<ol style="padding-left:1.4em;margin:.4em 0">{items}</ol>'
                f'<p style="margin:0">核对后删去 review 中的一行，或在 checked 中写明理由；'
                f'<code>digest check</code> 列出同样的内容。</p></details></aside>').encode("utf-8")

    def error_page(self) -> bytes:
        items = "".join(f"<li><code>{html.escape(p.path)}:{p.line}</code> {html.escape(p.field)} "
                        f"{html.escape(p.message)}</li>" for p in self.problems if not p.warning)
        body = f"<ol>{items}</ol>" if items else f"<p>{html.escape(self.failure)}</p>"
        return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>内容有误 · 预览</title>'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<style>body{{font-family:system-ui,sans-serif;max-width:48em;margin:2em auto;padding:0 1em;'
                f'line-height:1.7}}h1{{color:#b42318}}li{{margin:.6em 0}}code{{background:#f6f8fa;padding:0 .3em}}'
                f'</style></head><body><main><h1>内容有误，站点暂未更新</h1>'
                f'<p>请按下列提示修改文件并保存，页面会自动刷新。</p>{body}</main>'
                f'{reload_tag(self.version).decode()}</body></html>').encode("utf-8")


def _settle_memory() -> None:
    """Once a rebuild is done: collect what it left, then set what is kept (the decoded weeks, the
    linked site, the compiled templates) aside from the collector, so the next save's collections
    look only at what that save makes rather than at the whole archive held in memory."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class PreviewHandler(SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        if host not in HOSTS:
            return self._send(403, "text/plain; charset=utf-8", "预览只接受 127.0.0.1 或 localhost 的访问。".encode())
        path = self.path.split("?", 1)[0]
        if path == VERSION_PATH:
            return self._send(200, "text/plain", str(self.preview.version).encode())
        if path == RELOAD_PATH:
            return self._send(200, "text/javascript", RELOAD_JS)
        if self.preview.problems and any(not p.warning for p in self.preview.problems) or self.preview.failure:
            if path.endswith("/") or path.endswith(".html"):
                return self._send(500, "text/html; charset=utf-8", self.preview.error_page())
        target = Path(self.translate_path(path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            page = target.read_bytes().replace(
                b"</body>", self.preview.review_panel() + reload_tag(self.preview.version) + b"</body>", 1)
            return self._send(200, "text/html; charset=utf-8", page)
        return super().do_GET()

    def _send(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


def watched_paths(config: BuildConfig) -> list[Path]:
    return [p for p in (config.content, config.templates_dir, config.static_dir) if p.exists()]


def serve(config: BuildConfig, port: int = 8000, ready: threading.Event | None = None,
          stop: threading.Event | None = None) -> None:
    """Build, serve on 127.0.0.1:`port` (or the next free port), and rebuild on every change until
    interrupted (or `stop` is set); the preview's own folder is removed on the way out."""
    from watchfiles import watch

    folder = Path(tempfile.mkdtemp(prefix="digest-preview-"))
    try:
        preview = Preview(dataclasses.replace(config, output=folder / "_site", base_url="/"))
        preview.rebuild()
        handler = type("Handler", (PreviewHandler,), {"preview": preview})
        httpd = _server(port, functools.partial(handler, directory=str(folder / "_site")))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        print(f"预览：http://127.0.0.1:{httpd.server_address[1]}/ （保存文件后自动刷新；Ctrl+C 退出）", file=sys.stderr)
        if ready is not None:
            ready.port = httpd.server_address[1]
            ready.set()
        try:
            # every event, not only those the watcher's default filter keeps: the walks trust them
            for changes in watch(*watched_paths(config), watch_filter=None, stop_event=stop, debounce=200, step=50):
                preview.rebuild({path for _change, path in changes})
        except KeyboardInterrupt:
            pass
        finally:
            httpd.shutdown()
            httpd.server_close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _server(port: int, handler) -> ThreadingHTTPServer:
    """The server on `port`, or where it is taken, on the next free one (said on the terminal)."""
    for candidate in [port] + ([port + i for i in range(1, 20)] if port else []):
        try:
            return ThreadingHTTPServer(("127.0.0.1", candidate), handler)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise BuildError(f"无法在 127.0.0.1:{candidate} 上启动预览（{error.strerror}）") from None
            print(f"端口 {candidate} 已被占用，改用下一个端口……", file=sys.stderr)
    raise BuildError(f"端口 {port} 到 {port + 19} 都已被占用：请用 --port 指定一个空闲端口")
