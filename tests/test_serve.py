"""`coach serve`: starts on localhost, serves the page (with no outside requests), stops cleanly."""

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

import pytest
from typer.testing import CliRunner

from coach.cli import app as cli_app
from coach.serve import is_local, serve_command

ROOT = Path(__file__).resolve().parent.parent


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


def test_serve_port_in_use_is_one_line_exit_2():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli_app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert "cannot listen on 127.0.0.1" in result.stderr and "Traceback" not in result.output


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
