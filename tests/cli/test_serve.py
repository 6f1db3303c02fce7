"""`coach serve`: starts on localhost, serves the page (with no outside requests), stops cleanly; your own
data only with the per-run secret, from this server's own pages, on the address it bound (aiohttp client)."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import aiohttp
import pytest
from typer.testing import CliRunner

from coach.cli.main import app as cli_app
from coach.web.serve import is_local, serve_command
from coach.web.serve_app import CSP, STYLE_HASHES, allowed_hosts, host_is_allowed
from tests.serve_proc import running_serve, screen_text

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str, deadline: float) -> bytes:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                assert response.status == 200
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


async def _read_app_screen(url: str) -> str:
    """What the served app draws, as plain text, read the way the browser reads it."""
    import aiohttp

    seen = b""
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while loop.time() < deadline:
            try:
                msg = await ws.receive(timeout=max(0.1, deadline - loop.time()))
            except asyncio.TimeoutError:
                break
            if msg.type == aiohttp.WSMsgType.BINARY:
                seen += msg.data
            elif msg.type == aiohttp.WSMsgType.TEXT:
                seen += msg.data.encode()
            else:
                break
            text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", "replace"))
            if "of your practice" in text:
                break
        await ws.send_json(["stdin", "\x11"])  # ctrl+q: the app exits, textual-serve reaps it
    return text


def test_serve_starts_on_localhost_and_stops(tmp_path):
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), COACH_DB=str(tmp_path / "never-opened.db"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        page = _fetch(f"http://127.0.0.1:{port}/", time.monotonic() + 20).decode()
        assert 'class="textual-terminal"' in page
        assert f"ws://127.0.0.1:{port}/ws" in page
        assert "googleapis" not in page  # the font is served locally: no request leaves the machine
        screen = asyncio.run(_read_app_screen(f"ws://127.0.0.1:{port}/ws?width=100&height=30"))
        assert "of your practice" in screen  # the served child is the demo, on synthetic data
        font = _fetch(f"http://127.0.0.1:{port}/static/fonts/RobotoMono-VariableFont_wght.ttf", time.monotonic() + 5)
        assert len(font) > 10_000
    finally:
        proc.send_signal(signal.SIGTERM)
        output = proc.communicate(timeout=10)[0].decode()
    assert proc.returncode == 0, output
    assert "demo --projector" in output
    assert not (tmp_path / "never-opened.db").exists()
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):  # nothing listens any more
        sock.connect(("127.0.0.1", port))


def test_serve_port_in_use_is_one_line_exit_2_and_no_banner():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for args in (["serve", "--port", str(port)], ["serve", "--own-data", "--port", str(port)]):
            result = CliRunner().invoke(cli_app, args)
            assert result.exit_code == 2
            assert result.stderr.splitlines() == [
                f"coach: error: cannot listen on 127.0.0.1:{port}: Address already in use"
            ]
            assert result.stdout == ""  # no "Serving on …", no address, no logo


def test_serve_bad_port_is_exit_2():
    result = CliRunner().invoke(cli_app, ["serve", "--port", "70000"])
    assert result.exit_code == 2 and "--port" in result.stderr


def test_serve_command_runs_the_projector_demo_or_your_own_data(tmp_path):
    demo = shlex.split(serve_command())
    assert demo[0] == sys.executable and demo[1:] == ["-m", "coach", "demo", "--projector"]
    own = shlex.split(serve_command(own_data=True, db=str(tmp_path / "my db.db")))
    assert own[1:] == ["-m", "coach", "--db", str(tmp_path / "my db.db")]
    assert shlex.split(serve_command(own_data=True))[1:] == ["-m", "coach"]


def test_localhost_detection():
    assert is_local("127.0.0.1") and is_local("localhost") and is_local("::1")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.10")


# --- the locked server, through an aiohttp client ----------------------------------------------------------

SAFE = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """`coach --db JOURNAL serve --own-data` on a journal with a few synthetic days."""
    folder = tmp_path_factory.mktemp("own")
    journal = folder / "journal.db"
    made = subprocess.run(
        [sys.executable, "-m", "coach", "demo", "--days", "5", "--save", str(journal)],
        capture_output=True, text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert made.returncode == 0, made.stderr
    with running_serve("--db", str(journal), "serve", "--own-data", cwd=folder) as served:
        yield served


async def _app_output(url: str, **kwargs) -> str:
    """Everything the app sends over the WebSocket until Home has drawn (or 30 s), then ctrl+q."""
    seen: list[bytes] = []
    async with aiohttp.ClientSession(**kwargs.pop("session", {})) as session:
        async with session.ws_connect(url, **kwargs) as ws:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 30
            while loop.time() < deadline and "of your practice" not in screen_text(seen):
                try:
                    msg = await ws.receive(timeout=max(0.1, deadline - loop.time()))
                except asyncio.TimeoutError:
                    break
                if msg.type == aiohttp.WSMsgType.BINARY:
                    seen.append(msg.data)
                elif msg.type == aiohttp.WSMsgType.TEXT:
                    seen.append(msg.data.encode())
                else:
                    break
            await ws.send_json(["stdin", "\x11"])
    return screen_text(seen)


async def _get(url: str, **kwargs) -> tuple[int, dict[str, str], bytes]:
    async with aiohttp.ClientSession() as session, session.get(url, allow_redirects=False, **kwargs) as response:
        return response.status, dict(response.headers), await response.read()


async def _ws_status(url: str, **kwargs) -> int:
    """The HTTP status a WebSocket handshake gets (101 when it opens)."""
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, **kwargs) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status


def test_own_data_prints_a_fresh_256_bit_secret(own):
    assert own.url == f"http://127.0.0.1:{own.port}/?token={own.token}"
    assert len(own.token) >= 43  # token_urlsafe(32): 256 bits
    assert "your own journal" in "".join(own.output)


def test_own_data_without_the_secret_sends_nothing_of_the_app(own):
    for path in ("/", "/?token=", "/?token=wrong", "/static/js/textual.js", "/static/css/xterm.css",
                 "/coach/serve.js", "/download/x", f"/?token={own.token[:-1]}"):
        status, headers, body = asyncio.run(_get(own.base + path))
        assert status == 403, path
        assert b"textual" not in body and b"<" not in body, path  # one line of text, no page, no script
        assert b"needs the secret" in body or b"only to the address" in body
    assert asyncio.run(_ws_status(f"ws://127.0.0.1:{own.port}/ws")) == 403
    assert asyncio.run(_ws_status(f"ws://127.0.0.1:{own.port}/ws?token=nope")) == 403


def test_own_data_with_the_secret_the_apps_output_arrives(own):
    status, headers, body = asyncio.run(_get(own.url))
    assert status == 200 and b'class="textual-terminal"' in body
    assert f'data-session-websocket-url="ws://127.0.0.1:{own.port}/ws"'.encode() in body
    screen = asyncio.run(_app_output(f"ws://127.0.0.1:{own.port}/ws?width=100&height=30&token={own.token}"))
    assert "of your practice" in screen  # Home, on the five synthetic days in the journal


def test_the_first_page_load_sets_a_strict_cookie_that_opens_the_rest(own):
    status, headers, _ = asyncio.run(_get(own.url))
    cookie = headers["Set-Cookie"]
    assert cookie.startswith(f"coach-token-{own.port}={own.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie

    async def with_cookie_jar() -> tuple[int, str]:
        jar = aiohttp.CookieJar(unsafe=True)  # unsafe: cookies for an IP address, as browsers keep them
        async with aiohttp.ClientSession(cookie_jar=jar) as session:
            async with session.get(own.url) as page:
                assert page.status == 200
            async with session.get(own.base + "/static/js/textual.js") as script:
                assert script.status == 200
        screen = await _app_output(f"ws://127.0.0.1:{own.port}/ws?width=100&height=30", session={"cookie_jar": jar})
        return 200, screen

    assert "of your practice" in asyncio.run(with_cookie_jar())[1]
    # a cookie with another value opens nothing
    status, _, _ = asyncio.run(_get(own.base + "/", headers={"Cookie": f"coach-token-{own.port}=guess"}))
    assert status == 403


def test_a_foreign_origin_is_refused_even_with_the_secret(own):
    ws = f"ws://127.0.0.1:{own.port}/ws?token={own.token}"
    for origin in ("http://evil.example", "https://127.0.0.1:%d" % own.port, "http://127.0.0.1:1", "null"):
        assert asyncio.run(_ws_status(ws, origin=origin)) == 403, origin
        assert asyncio.run(_get(own.url, headers={"Origin": origin}))[0] == 403, origin
    assert asyncio.run(_ws_status(ws, origin=f"http://127.0.0.1:{own.port}")) == 101  # the page's own


def test_a_host_that_is_not_the_bound_address_is_refused(own):
    """DNS rebinding: a site's name pointed at 127.0.0.1 arrives with its own Host."""
    ws = f"ws://127.0.0.1:{own.port}/ws?token={own.token}"
    for host in (f"evil.example:{own.port}", "127.0.0.1:1", "127.0.0.1", f"127.0.0.1.nip.io:{own.port}"):
        assert asyncio.run(_ws_status(ws, headers={"Host": host})) == 403, host
        assert asyncio.run(_get(own.url, headers={"Host": host}))[0] == 403, host
    assert asyncio.run(_get(own.url, headers={"Host": f"localhost:{own.port}"}))[0] == 200


def test_security_headers_on_every_response(own):
    for path, expected in (("/?token=" + own.token, 200), ("/", 403), ("/favicon.ico", 200),
                           (f"/static/js/textual.js?token={own.token}", 200),
                           (f"/coach/serve.css?token={own.token}", 200), (f"/nothing?token={own.token}", 404)):
        status, headers, _ = asyncio.run(_get(own.base + path))
        assert status == expected, path
        for name, value in SAFE.items():
            assert headers.get(name) == value, (path, name)
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["Server"] == "coach"  # no aiohttp or Python version


def test_the_csp_style_hashes_match_textual_js():
    """textual.js injects its bundled layout CSS as a <style>; a textual-serve upgrade that changes it shows here."""
    import base64
    import hashlib

    import textual_serve

    bundle = (Path(textual_serve.__file__).parent / "static/js/textual.js").read_text()
    css = re.search(r'o\.push\(\[e\.id,"(h1\{[^"]*)"', bundle).group(1)
    for text in ("", css):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"sha256-{digest}" in STYLE_HASHES
        assert f"'sha256-{digest}'" in CSP


def test_no_directory_listing_under_static(own):
    for path in ("/static/", "/static/js/", "/static/fonts", "/coach/"):
        status, _, body = asyncio.run(_get(own.base + path + f"?token={own.token}"))
        assert status in (403, 404), path
        assert b"Index of" not in body and b"textual.js" not in body


def test_favicon_is_served_without_the_secret(own):
    status, headers, body = asyncio.run(_get(own.base + "/favicon.ico"))
    assert status == 200 and headers["Content-Type"] == "image/x-icon"
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_the_page_holds_no_inline_script_or_style(own):
    _, _, body = asyncio.run(_get(own.url))
    page = body.decode()
    assert "<style" not in page and " style=" not in page
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/textual.js">', '<script src="/coach/serve.js">']
    assert "onclick" not in page.lower()


def test_own_data_on_another_address_needs_the_explicit_flag(tmp_path):
    result = CliRunner().invoke(cli_app, ["--db", str(tmp_path / "j.db"), "serve", "--own-data", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "coach: error: --host 0.0.0.0 would let other computers reach your journal; "
        "add --i-understand-this-exposes-my-journal if that is what you want"
    ]
    assert not (tmp_path / "j.db").exists()


def test_own_data_on_every_address_with_the_flag_warns_and_still_checks(tmp_path):
    with running_serve("--db", str(tmp_path / "j.db"), "serve", "--own-data", "--host", "0.0.0.0",
                       "--i-understand-this-exposes-my-journal", cwd=tmp_path) as served:
        printed = "".join(served.output)
        assert "coach: warning: listening on 0.0.0.0" in printed and "your journal" in printed
        assert served.token and served.url.startswith("http://0.0.0.0:")
        url = f"http://127.0.0.1:{served.port}/?token={served.token}"
        assert asyncio.run(_get(url))[0] == 200  # an IP address is fine on a wildcard bind
        assert asyncio.run(_get(url, headers={"Host": f"evil.example:{served.port}"}))[0] == 403
        assert asyncio.run(_get(f"http://127.0.0.1:{served.port}/"))[0] == 403


def test_the_demo_needs_no_secret_but_checks_host_and_origin(tmp_path):
    with running_serve("serve", cwd=tmp_path) as served:
        assert served.token is None and served.url == f"http://127.0.0.1:{served.port}/"
        status, headers, body = asyncio.run(_get(served.url))
        assert status == 200 and "Set-Cookie" not in headers and headers["X-Frame-Options"] == "DENY"
        ws = f"ws://127.0.0.1:{served.port}/ws"
        assert asyncio.run(_ws_status(ws, origin="http://evil.example")) == 403
        assert asyncio.run(_ws_status(ws, headers={"Host": f"evil.example:{served.port}"})) == 403


def test_allowed_hosts():
    assert allowed_hosts("127.0.0.1", 8000) == {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    assert allowed_hosts("::1", 8000) == {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    assert allowed_hosts("192.168.1.10", 80) == {"192.168.1.10:80"}
    assert allowed_hosts("0.0.0.0", 8000) is None
    assert host_is_allowed("192.168.1.10:8000", None, 8000) and host_is_allowed("[fe80::1]:8000", None, 8000)
    assert not host_is_allowed("mylaptop.example:8000", None, 8000)
    assert not host_is_allowed("192.168.1.10:9000", None, 8000)
    assert host_is_allowed("LOCALHOST:8000", allowed_hosts("127.0.0.1", 8000), 8000)


def test_serve_modules_keep_the_cli_light():
    code = "import coach.cli.main, coach.web.serve, sys; print(' '.join(sorted(sys.modules)))"
    modules = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert not {"textual", "aiohttp", "textual_serve", "jinja2"} & set(modules)


def test_stopping_with_a_tab_open_ends_its_session_at_once(tmp_path):
    """aiohttp alone waits for open WebSockets (about 20 s here); coach ends each tab's app first."""

    async def stop_while_connected(served) -> float:
        async with aiohttp.ClientSession() as session, session.ws_connect(f"ws://127.0.0.1:{served.port}/ws") as ws:
            await ws.receive(timeout=30)  # the app is running

            async def read_like_a_browser() -> None:
                async for _ in ws:
                    pass

            reader = asyncio.create_task(read_like_a_browser())
            started = time.monotonic()
            served.proc.send_signal(signal.SIGTERM)
            while served.proc.poll() is None and time.monotonic() - started < 60:
                await asyncio.sleep(0.1)
            reader.cancel()
            return time.monotonic() - started

    with running_serve("serve", cwd=tmp_path) as served:
        took = asyncio.run(stop_while_connected(served))
    assert served.proc.returncode == 0
    assert took < 8, f"stopping took {took:.1f}s"
