"""The page tests' headless Chromium leaves nothing behind when it cannot be driven: a browser
that never opens its DevTools port, or one that offers no page, is ended and its temporary
profile removed (a stand-in ``chromium`` script plays the failing browser, over real sockets)."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.chromium_support import HeadlessChromium


def _fake_chromium(tmp_path: Path, stderr_line: str, *, stay: bool) -> str:
    script = tmp_path / "chromium"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys, time\n"
        f"sys.stderr.write({stderr_line!r} + '\\n')\n"
        "sys.stderr.flush()\n" + ("time.sleep(120)\n" if stay else "")
    )
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def devtools_without_pages() -> Iterator[int]:
    """A DevTools endpoint whose target list holds no page; its port."""

    class NoPages(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps([{"type": "service_worker", "id": "x"}]).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NoPages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def test_a_browser_without_a_devtools_port_is_cleaned_up(tmp_path: Path) -> None:
    browser = HeadlessChromium(_fake_chromium(tmp_path, "no DevTools here", stay=False))
    with pytest.raises(RuntimeError, match="did not open its DevTools port"), browser:
        raise AssertionError("not reached")
    assert not browser.profile.exists()
    assert browser.process is not None
    assert browser.process.poll() is not None


def test_a_browser_offering_no_page_is_ended_and_its_profile_removed(
    tmp_path: Path, devtools_without_pages: int
) -> None:
    line = f"DevTools listening on ws://127.0.0.1:{devtools_without_pages}/devtools/browser/x"
    browser = HeadlessChromium(_fake_chromium(tmp_path, line, stay=True))
    with pytest.raises(RuntimeError, match="offers no page"), browser:
        raise AssertionError("not reached")
    assert not browser.profile.exists()
    assert browser.process is not None
    assert browser.process.poll() is not None


def test_a_browser_that_cannot_start_leaves_no_profile(tmp_path: Path) -> None:
    browser = HeadlessChromium(str(tmp_path / "no-such-chromium"))
    with pytest.raises(FileNotFoundError), browser:
        raise AssertionError("not reached")
    assert not browser.profile.exists()
