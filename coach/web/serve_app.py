"""The locked aiohttp app behind `coach serve`: textual-serve's Server, a secret, Host/Origin checks, safe headers."""

from __future__ import annotations

import asyncio
import ipaddress
import secrets
import signal
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

HERE = Path(__file__).resolve().parent
# textual-serve's page without its inline script and style and its request to a font CDN.
TEMPLATES = HERE / "templates"
# coach's own page assets: the moved style and script, and the favicon.
ASSETS = HERE / "static"

# Only this server's own files: no inline script (the page's script is a file), no frames, no plugins.
# textual.js inserts one <style> element with its bundled layout rules (first empty, then filled): those two
# exact texts are allowed by hash, nothing else inline (tests/cli/test_serve.py checks the bundle still matches).
STYLE_HASHES = (
    "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",  # ""
    "sha256-03EiY9OLVCaCQVNKUgCYxdI11BJ8pKsqSKUlTlszVsE=",  # h1{...}body{margin:0;padding:0}.textual-terminal{...}
)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' "
    + " ".join(f"'{h}'" for h in STYLE_HASHES)
    + "; img-src 'self'; font-src 'self'; connect-src 'self' {ws}; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
SAFE_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",  # no other site may embed these responses
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Server": "coach",  # aiohttp would otherwise name itself and its version
}
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
REFUSED = "coach: this address needs the secret that `coach serve --own-data` printed (…/?token=…).\n"


def new_token() -> str:
    """A fresh per-run secret: 32 random bytes (256 bits), URL-safe."""
    return secrets.token_urlsafe(32)


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """The Host headers a request may carry; None when bound to every address (then any IP literal)."""
    address = _literal(host)
    if address is not None and address.is_unspecified:
        return None
    name = f"[{address}]" if address is not None and address.version == 6 else host.lower()
    names = {name}
    if host == "localhost" or (address is not None and address.is_loopback):
        names.update(LOOPBACK_NAMES)
    return frozenset(f"{n}:{port}" for n in names)


def host_is_allowed(host_header: str, allowed: frozenset[str] | None, port: int) -> bool:
    """Refuses a DNS name that is not ours (DNS rebinding): the Host must be the bound address and port."""
    host_header = host_header.lower()
    if allowed is not None:
        return host_header in allowed
    name, _, host_port = host_header.rpartition(":")
    return host_port == str(port) and (_literal(name) is not None or name == "localhost")


class CoachServer(Server):
    """textual-serve's Server, locked: every request passes `_guard` and every response gets `SAFE_HEADERS`.

    With a token, the page, the WebSocket, /static and downloads answer 403 (with one line of text, nothing
    of the app) unless the request carries the token in `?token=` or in the cookie the first tokened page
    load sets (HttpOnly, SameSite=Strict), so the page's own WebSocket and static requests work. Any request
    whose Host is not the bound address, or whose Origin is not this server, is refused, token or not.
    """

    def __init__(self, command: str, *, sock: socket.socket, host: str, token: str | None) -> None:
        port = sock.getsockname()[1]
        super().__init__(command, host=host, port=port, title="coach", templates_path=TEMPLATES)
        self.sock = sock
        self.token = token
        self.cookie_name = f"coach-token-{port}"  # cookies ignore ports: one name per run's port
        self.allowed = allowed_hosts(host, port)
        self._sessions: set[asyncio.Task[Any]] = set()  # one per open browser tab

    @property
    def url(self) -> str:
        """The address to open, with the secret when there is one."""
        shown = f"[{self.host}]" if ":" in self.host else self.host
        base = f"http://{shown}:{self.port}/"
        return f"{base}?token={self.token}" if self.token else base

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.get("/favicon.ico", self.handle_favicon),
                web.static("/static", self.statics_path, show_index=False, name="static"),
                web.static("/coach", ASSETS, show_index=False, name="coach"),
            ]
        )
        app.on_response_prepare.append(self._add_headers)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
        if not host_is_allowed(request.host, self.allowed, self.port):
            raise web.HTTPForbidden(text="coach: this server answers only to the address it printed.\n")
        origin = request.headers.get("Origin")
        if origin is not None and origin.lower() != f"http://{request.host.lower()}":
            raise web.HTTPForbidden(text="coach: requests from other sites are refused.\n")
        if self.token is None or request.path == "/favicon.ico":
            return await handler(request)
        from_query = secrets.compare_digest(request.query.get("token", "").encode(), self.token.encode())
        from_cookie = secrets.compare_digest(request.cookies.get(self.cookie_name, "").encode(), self.token.encode())
        if not (from_query or from_cookie):
            raise web.HTTPForbidden(text=REFUSED)
        response = await handler(request)
        if from_query and not from_cookie and not response.prepared:
            response.set_cookie(self.cookie_name, self.token, httponly=True, samesite="Strict", path="/")
        return response

    async def _add_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(SAFE_HEADERS)
        response.headers["Content-Security-Policy"] = CSP.format(ws=f"ws://{request.host}")

    async def handle_favicon(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(ASSETS / "favicon.ico", headers={"Content-Type": "image/x-icon"})

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        # Same-origin addresses built from the checked Host, so the page works on whatever address was opened.
        return {
            "font_size": min(max(to_int(request.query.get("fontsize", "16"), 16), 6), 96),
            "app_websocket_url": f"ws://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        task = asyncio.current_task()
        assert task is not None
        self._sessions.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self._sessions.discard(task)

    async def on_shutdown(self, app: web.Application) -> None:
        """End every open tab's session first: each app is asked to quit, and Ctrl+C stops in moments
        (aiohttp alone would wait up to a minute for the WebSockets to finish)."""
        sessions = set(self._sessions)
        for task in sessions:
            task.cancel()
        if sessions:
            await asyncio.wait(sessions, timeout=10)

    async def on_startup(self, app: web.Application) -> None:
        """The banner is printed by `run` once the socket listens, not here (a failed bind prints nothing)."""

    def serve(self, debug: bool = False) -> None:
        """textual-serve's entry point, kept working: serve on the bound socket and print the address."""
        self.debug = debug
        asyncio.run(self.run(lambda url: self.console.print(url, highlight=False)))

    async def run(self, announce: Callable[[str], None]) -> None:
        """Serve on the already bound socket until SIGINT or SIGTERM; `announce(url)` once listening."""
        self.initialize_logging()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        # No access log: request lines would print the secret again and again.
        runner = web.AppRunner(await self._make_app(), access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.SockSite(runner, self.sock).start()
            announce(self.url)
            await stop.wait()
        finally:
            await runner.cleanup()


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0 picks a free one); raises OSError when it cannot."""
    family = socket.AF_INET6 if _literal(host) is not None and ":" in host else socket.AF_INET
    if host == "localhost":
        host = "127.0.0.1"
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock
