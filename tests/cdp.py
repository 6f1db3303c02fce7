"""A small Chrome DevTools Protocol client for tests: headless Chromium driven from Python over aiohttp.

Uses the system's `chromium` (Debian's package; nothing downloads a browser). Each launch gets a fresh
profile in a temporary folder and a DevTools port the browser picks itself. Typical use::

    async with launch() as browser:
        page = await browser.new_page()
        await page.goto("http://127.0.0.1:8000/")
        await page.wait_for("document.title === 'coach'")
        await page.press("Enter")
        await page.type("hello")
        title = await page.evaluate("document.title")
        pdf = await page.print_pdf()          # bytes of a PDF of the page
        page.requests                         # every URL the page asked for (Network events)
        page.websockets, page.websocket_received   # WebSockets opened, and the bytes they brought

A saved HTML file opens with `page.goto(path.as_uri())` (e.g. to print a report to PDF). `page.send(method,
params)` reaches any other DevTools command. `find_chromium()` returns None when no browser is installed,
for a skip with a reason. tests/browser/test_cdp.py shows every call working.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--remote-debugging-port=0",
)
NAMES = ("chromium", "chromium-browser", "google-chrome")

# Keys for `Page.press`: DOM key name -> (code, Windows virtual key code, text typed).
KEYS: dict[str, tuple[str, int, str]] = {
    "Enter": ("Enter", 13, "\r"),
    "Tab": ("Tab", 9, "\t"),
    "Escape": ("Escape", 27, ""),
    "Backspace": ("Backspace", 8, ""),
    " ": ("Space", 32, " "),
    "ArrowUp": ("ArrowUp", 38, ""),
    "ArrowDown": ("ArrowDown", 40, ""),
    "ArrowLeft": ("ArrowLeft", 37, ""),
    "ArrowRight": ("ArrowRight", 39, ""),
    "F1": ("F1", 112, ""),
}


class CDPError(RuntimeError):
    """The browser answered a command with an error, or a JavaScript expression threw."""


def find_chromium() -> str | None:
    """The path of a Chromium on PATH (or in $CHROMIUM), or None."""
    if os.environ.get("CHROMIUM"):
        return shutil.which(os.environ["CHROMIUM"])
    return next((path for name in NAMES if (path := shutil.which(name))), None)


class Connection:
    """One DevTools WebSocket: numbered commands answered by id, events handed to listeners."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = ws
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._listeners: list[Callable[[str, dict[str, Any], str | None], None]] = []
        self._reader = asyncio.create_task(self._read())

    def listen(self, listener: Callable[[str, dict[str, Any], str | None], None]) -> None:
        """Call `listener(method, params, session_id)` for every event."""
        self._listeners.append(listener)

    async def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict:
        if self._reader.done():
            raise CDPError("the browser closed the connection")
        message: dict[str, Any] = {"id": next(self._ids), "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[message["id"]] = future
        await self._ws.send_str(json.dumps(message))
        return await future

    async def _read(self) -> None:
        try:
            async for msg in self._ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    continue
                data = json.loads(msg.data)
                if "id" in data:
                    future = self._pending.pop(data["id"], None)
                    if future is not None and not future.done():
                        if "error" in data:
                            future.set_exception(CDPError(f"{data['error'].get('message')}: {data['error']}"))
                        else:
                            future.set_result(data.get("result", {}))
                else:
                    for listener in self._listeners:
                        listener(data.get("method", ""), data.get("params", {}), data.get("sessionId"))
        finally:
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(CDPError("the browser closed the connection"))

    async def close(self) -> None:
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader
        await self._ws.close()


class Page:
    """One tab. Records what it requests (`requests`, `websockets`), the WebSocket data it receives,
    console and log messages, uncaught exceptions and failed loads."""

    def __init__(self, connection: Connection, target_id: str, session: str) -> None:
        self._connection = connection
        self.target_id = target_id
        self.session = session
        self.requests: list[str] = []
        self.responses: dict[str, int] = {}
        self.failed: list[str] = []
        self.console: list[str] = []
        self.exceptions: list[str] = []
        self.websockets: list[str] = []
        self.websocket_received: list[bytes] = []
        self._load = asyncio.Event()
        connection.listen(self._on_event)

    def _on_event(self, method: str, params: dict[str, Any], session: str | None) -> None:
        if session != self.session:
            return
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Network.responseReceived":
            self.responses[params["response"]["url"]] = params["response"]["status"]
        elif method == "Network.loadingFailed":
            self.failed.append(f"{params.get('errorText')} {params.get('blockedReason') or ''}".strip())
        elif method == "Network.webSocketCreated":
            self.websockets.append(params["url"])
        elif method == "Network.webSocketFrameReceived":
            frame = params["response"]
            data = frame["payloadData"]
            self.websocket_received.append(base64.b64decode(data) if frame["opcode"] == 2 else data.encode())
        elif method == "Runtime.consoleAPICalled":
            self.console.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
        elif method == "Log.entryAdded":
            entry = params["entry"]
            self.console.append(f"{entry.get('level')}: {entry.get('text')} {entry.get('url', '')}".strip())
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.exceptions.append(details.get("exception", {}).get("description") or details.get("text", ""))
        elif method == "Page.loadEventFired":
            self._load.set()

    async def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Any DevTools command, in this tab's session."""
        return await self._connection.send(method, params, self.session)

    async def goto(self, url: str, *, timeout: float = 30) -> None:
        """Open `url` and wait for its load event (an error page, such as a 403, loads too)."""
        self._load.clear()
        result = await self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise CDPError(f"cannot open {url}: {result['errorText']}")
        await asyncio.wait_for(self._load.wait(), timeout)

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (promises are awaited); raises CDPError if it throws."""
        result = await self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise CDPError(details.get("exception", {}).get("description") or details.get("text"))
        return result["result"].get("value")

    async def wait_for(self, expression: str, *, timeout: float = 30, interval: float = 0.1) -> Any:
        """Evaluate `expression` until it is truthy and return that value; TimeoutError after `timeout` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if loop.time() > deadline:
                raise TimeoutError(f"still false after {timeout}s: {expression}")
            await asyncio.sleep(interval)

    async def focus(self, selector: str) -> None:
        """Give the keyboard focus to the first element matching the CSS `selector`."""
        found = await self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e && e.focus(); return !!e; }})()"
        )
        if not found:
            raise CDPError(f"nothing matches {selector!r}")

    async def click(self, x: float, y: float) -> None:
        """A left click at page coordinates (x, y), as a mouse would."""
        for kind in ("mousePressed", "mouseReleased"):
            await self.send(
                "Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
            )

    async def press(self, key: str) -> None:
        """Press and release one key (a name from KEYS, or a single printable character)."""
        if key in KEYS:
            code, vk, text = KEYS[key]
        elif len(key) == 1:
            code, vk, text = (f"Key{key.upper()}" if key.isalpha() else ""), ord(key.upper()), key
        else:
            raise ValueError(f"unknown key {key!r}")
        down = {"type": "keyDown" if text else "rawKeyDown", "key": key, "code": code,
                "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}
        if text:
            down["text"] = down["unmodifiedText"] = text
        await self.send("Input.dispatchKeyEvent", down)
        await self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code,
                                                   "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk})

    async def type(self, text: str) -> None:
        """Type `text` one key at a time."""
        for char in text:
            await self.press(char)

    async def screenshot(self) -> bytes:
        """A PNG of the visible page."""
        return base64.b64decode((await self.send("Page.captureScreenshot", {"format": "png"}))["data"])

    async def print_pdf(self, **options: Any) -> bytes:
        """The page printed to PDF; `options` are Page.printToPDF's (e.g. printBackground=True, paperWidth=8.27)."""
        return base64.b64decode((await self.send("Page.printToPDF", options))["data"])

    async def close(self) -> None:
        await self._connection.send("Target.closeTarget", {"targetId": self.target_id})


class Browser:
    """A running headless Chromium and its DevTools connection. Make one with `launch()`."""

    def __init__(self, process: subprocess.Popen[bytes], connection: Connection) -> None:
        self.process = process
        self.connection = connection

    async def new_page(self, *, width: int = 1280, height: int = 800) -> Page:
        """A fresh tab on about:blank, with Network, Runtime, Log and Page events recorded."""
        target = (await self.connection.send("Target.createTarget", {"url": "about:blank"}))["targetId"]
        session = (await self.connection.send("Target.attachToTarget", {"targetId": target, "flatten": True}))[
            "sessionId"
        ]
        page = Page(self.connection, target, session)
        for domain in ("Page", "Network", "Runtime", "Log"):
            await page.send(f"{domain}.enable")
        # A headless tab never has the window's focus; without this, focus() and key events go nowhere.
        await page.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
        await page.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        return page


async def _devtools_url(profile: Path, process: subprocess.Popen[bytes], timeout: float) -> str:
    """Chromium writes the port it chose, and the browser's path, to DevToolsActivePort in its profile."""
    port_file = profile / "DevToolsActivePort"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        lines = port_file.read_text().split("\n") if port_file.exists() else []
        if len(lines) >= 2 and lines[0].isdigit():
            return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        if process.poll() is not None:
            raise CDPError(f"chromium exited with {process.returncode} before it listened")
        if loop.time() > deadline:
            raise TimeoutError("chromium did not open its DevTools port")
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def launch(
    executable: str | None = None, *, extra_args: tuple[str, ...] = (), timeout: float = 30
) -> AsyncIterator[Browser]:
    """Start headless Chromium with a fresh profile; close it and remove the profile on exit."""
    executable = executable or find_chromium()
    if executable is None:
        raise CDPError("no chromium on PATH")
    profile = tempfile.mkdtemp(prefix="coach-chromium-")
    # Its own process group, so its helpers (renderer, GPU, zygote) end with it and leave the profile alone.
    process = subprocess.Popen(
        [executable, *FLAGS, f"--user-data-dir={profile}", *extra_args, "about:blank"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        url = await _devtools_url(Path(profile), process, timeout)
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(url, max_msg_size=0)
            connection = Connection(ws)
            try:
                yield Browser(process, connection)
            finally:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(connection.send("Browser.close"), 5)
                await connection.close()
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            await asyncio.to_thread(process.wait, 10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # any helper still running
        shutil.rmtree(profile, ignore_errors=True)
