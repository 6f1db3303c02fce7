"""tests/cdp.py itself, on a local file: evaluate, wait, keys, screenshot and PDF (browser tier)."""

from __future__ import annotations

import pytest

from tests.cdp import CDPError, find_chromium, launch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None, reason="browser tier skipped: no `chromium` on PATH"),
]

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>cdp check</title></head>
<body><h1>Report</h1><input id="box" autofocus>
<script>setTimeout(() => { document.body.dataset.ready = "yes"; }, 300);</script></body></html>"""


async def test_the_client_drives_a_page(tmp_path):
    page_file = tmp_path / "page.html"
    page_file.write_text(PAGE)
    async with launch() as browser:
        page = await browser.new_page(width=800, height=600)
        await page.goto(page_file.as_uri())
        assert await page.evaluate("document.title") == "cdp check"
        assert await page.wait_for("document.body.dataset.ready") == "yes"
        await page.focus("#box")
        await page.type("ok 1")
        await page.press("Backspace")
        assert await page.evaluate("document.getElementById('box').value") == "ok "
        with pytest.raises(CDPError, match="nothing matches"):
            await page.focus("#missing")
        with pytest.raises(CDPError, match="boom"):
            await page.evaluate("(() => { throw new Error('boom'); })()")
        with pytest.raises(TimeoutError):
            await page.wait_for("false", timeout=0.3)
        assert (await page.screenshot())[:8] == b"\x89PNG\r\n\x1a\n"
        pdf = await page.print_pdf(printBackground=True)
        assert pdf[:5] == b"%PDF-" and len(pdf) > 1000
        assert page.requests == [page_file.as_uri()]
