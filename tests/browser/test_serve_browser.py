"""`coach serve` in a real browser: headless Chromium (Debian's `chromium`) driven over DevTools (tests/cdp.py).

The tier runs when chromium is on PATH (`.ci/run` installs it in CI) and is skipped with the reason otherwise.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import pytest
from aiohttp import web

from tests.cdp import Page, find_chromium, launch
from tests.serve_proc import ROOT, running_serve, screen_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        find_chromium() is None,
        reason="browser tier skipped: no `chromium` on PATH (apt-get install chromium; .ci/run does this as root)",
    ),
]

# Collects what the page's Content-Security-Policy blocked, from before the page's first script runs.
CSP_WATCH = (
    "window.__blocked = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__blocked.push(e.violatedDirective + ' ' + e.blockedURI));"
)


async def _app_text(page: Page, needle: str, *, since: int = 0, timeout: float = 30) -> str:
    """Wait until the app's output (the WebSocket data the page received after frame `since`) shows `needle`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while needle not in (text := screen_text(page.websocket_received[since:])):
        if loop.time() > deadline:
            raise TimeoutError(f"{needle!r} never arrived; the app sent: {text[-400:]!r}")
        await asyncio.sleep(0.1)
    return text


async def _steady_screenshot(page: Page, *, timeout: float = 15) -> bytes:
    """A screenshot once two in a row, half a second apart, are the same (animations and data settled)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last = await page.screenshot()
    while loop.time() < deadline:
        await asyncio.sleep(0.5)
        shot = await page.screenshot()
        if shot == last:
            return shot
        last = shot
    raise TimeoutError("the page never settled")


async def test_the_demo_loads_only_from_this_server_and_a_key_reaches_the_app(tmp_path):
    with running_serve("serve", cwd=tmp_path) as served:
        async with launch() as browser:
            page = await browser.new_page(width=1100, height=700)
            await page.send("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_WATCH})
            await page.goto(served.url)
            await _app_text(page, "of your practice")  # Home of the synthetic demo
            before = await _steady_screenshot(page)

            origin = served.base
            assert page.requests and all(url.startswith(origin + "/") for url in page.requests), page.requests
            assert page.websockets == [page.websockets[0]] and page.websockets[0].startswith(
                f"ws://127.0.0.1:{served.port}/ws?"
            )
            assert f"{origin}/favicon.ico" in page.requests
            assert all(status == 200 for status in page.responses.values()), page.responses  # no 404 anywhere
            assert page.failed == [] and page.exceptions == []
            assert await page.evaluate("window.__blocked") == []
            assert not [line for line in page.console if line.startswith("error")], page.console

            frames = len(page.websocket_received)
            await page.focus(".xterm-helper-textarea")  # where xterm.js listens, as after a click
            await page.press("n")  # Home's key for Learn
            await _app_text(page, "Short reads", since=frames)
            after = await _steady_screenshot(page)
            assert after != before


async def test_own_data_without_the_secret_shows_nothing_of_the_app(tmp_path):
    journal = tmp_path / "journal.db"
    made = subprocess.run(
        [sys.executable, "-m", "coach", "demo", "--days", "4", "--save", str(journal)],
        capture_output=True, text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert made.returncode == 0, made.stderr
    with running_serve("--db", str(journal), "serve", "--own-data", cwd=tmp_path) as served:
        async with launch() as browser:
            page = await browser.new_page()
            await page.goto(served.base + "/")
            body = await page.evaluate("document.body.innerText")
            assert "needs the secret" in body
            assert await page.evaluate("document.querySelectorAll('script, canvas, .textual-terminal').length") == 0
            assert page.websockets == [] and page.websocket_received == []
            assert all(not url.endswith((".js", ".css")) for url in page.requests), page.requests
            assert page.responses[served.base + "/"] == 403

            # The printed address opens it; the page's WebSocket then gets in by the cookie alone.
            await page.goto(served.url + "&fontsize=20")
            await _app_text(page, "of your practice")
            assert "token=" not in page.websockets[-1]
            # and the secret leaves the address bar (a shared screen shows none); a reload still works
            assert await page.evaluate("location.href") == served.base + "/?fontsize=20"
            frames = len(page.websocket_received)
            await page.goto(await page.evaluate("location.href"))
            await _app_text(page, "of your practice", since=frames)


async def test_another_site_cannot_open_the_journal_from_the_same_browser(tmp_path):
    """Cross-site WebSocket hijacking: a page on another port of 127.0.0.1 is same-site, so the browser sends
    the cookie along; the Origin check is what refuses it."""
    with running_serve("--db", str(tmp_path / "journal.db"), "serve", "--own-data", cwd=tmp_path) as served:
        attack = f"""<!doctype html><script>
            window.result = "pending";
            const ws = new WebSocket("ws://127.0.0.1:{served.port}/ws?width=80&height=24");
            ws.onopen = () => {{ window.result = "open"; }};
            ws.onmessage = () => {{ window.result = "data"; }};
            ws.onclose = () => {{ if (window.result === "pending") window.result = "refused"; }};
        </script>"""

        async def attack_page(request: web.Request) -> web.Response:
            return web.Response(text=attack, content_type="text/html")

        other = web.Application()
        other.router.add_get("/", attack_page)
        runner = web.AppRunner(other)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        other_port = runner.addresses[0][1]
        try:
            async with launch() as browser:
                page = await browser.new_page()
                await page.goto(served.url)  # the person opens their journal: the browser now holds the cookie
                await _app_text(page, "not a medical device")  # a new journal opens on the welcome tour
                cookies = (await page.send("Network.getCookies", {"urls": [f"http://127.0.0.1:{other_port}/"]}))
                assert [c["name"] for c in cookies["cookies"]] == [f"coach-token-{served.port}"]  # it would be sent

                evil = await browser.new_page()
                await evil.goto(f"http://127.0.0.1:{other_port}/")
                assert await evil.wait_for("window.result !== 'pending' && window.result") == "refused"
                assert evil.websocket_received == []
        finally:
            await runner.cleanup()


async def test_a_rebound_name_gets_nothing(tmp_path):
    """DNS rebinding: a site's own name resolving to 127.0.0.1 (mapped in the browser) arrives with its Host."""
    with running_serve("serve", cwd=tmp_path) as served:
        rules = "--host-resolver-rules=MAP rebound.test 127.0.0.1"
        async with launch(extra_args=(rules,)) as browser:
            page = await browser.new_page()
            await page.goto(f"http://rebound.test:{served.port}/")
            assert page.responses[f"http://rebound.test:{served.port}/"] == 403
            assert "only to the address" in await page.evaluate("document.body.innerText")
            assert page.websockets == []
            assert json.loads(await page.evaluate("JSON.stringify(document.scripts.length)")) == 0
