"""The students' web page: ``web/`` served on ``WEB_PORT``, talking to the Rasa server.

``python -m bot.web`` serves the page (``/``), the widget (``/widget.js``, ``/widget.css``)
and ``/health``. The page is told where the Rasa server is (``RASA_PUBLIC_URL``); the
browser then calls the REST channel directly, which accepts it only from the origins in
``ALLOWED_ORIGINS`` (by default this page's own). Nothing is loaded from anywhere else: a
Content-Security-Policy says so to the browser.
"""

from __future__ import annotations

import argparse
import html
import sys
from typing import List, Optional

from aiohttp import web

from bot.settings import PROJECT_ROOT

WEB_DIR = PROJECT_ROOT / "web"
ASSETS = {
    "/widget.js": ("widget.js", "application/javascript"),
    "/widget.css": ("widget.css", "text/css"),
}


def security_headers(rasa_url: str) -> dict:
    """Headers for every response: only this site's scripts and styles, calls to Rasa only."""
    return {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            f"connect-src 'self' {rasa_url}; frame-ancestors 'self'; base-uri 'none'; "
            "form-action 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def create_app(rasa_url: str) -> web.Application:
    """The web application serving the page for the Rasa server at ``rasa_url``."""
    page = (WEB_DIR / "index.html").read_text(encoding="utf-8").replace(
        "{{RASA_URL}}", html.escape(rasa_url, quote=True))
    headers = security_headers(rasa_url)

    async def index(request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html", charset="utf-8",
                            headers=headers)

    async def asset(request: web.Request) -> web.Response:
        name, content_type = ASSETS[request.path]
        return web.Response(text=(WEB_DIR / name).read_text(encoding="utf-8"),
                            content_type=content_type, charset="utf-8", headers=headers)

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_get("/", index)
    for path in ASSETS:
        app.router.add_get(path, asset)
    app.router.add_get("/health", health)
    return app


def main(argv: Optional[List[str]] = None) -> int:
    """Serve the page until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m bot.web", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rasa-url", required=True, help="the Rasa server as the browser sees it")
    args = parser.parse_args(argv)
    web.run_app(create_app(args.rasa_url), host="0.0.0.0", port=args.port, print=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
