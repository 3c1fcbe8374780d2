"""Real-browser fixtures: Debian's chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "apolo_disks_jupyter" / "static"
HARNESS = Path(__file__).resolve().parent / "harness"
OUTPUT = ROOT / "test-output"


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    if os.environ.get("APOLO_DISKS_REQUIRE_BROWSER"):
        pytest.fail(message + " — APOLO_DISKS_REQUIRE_BROWSER is set, so this is an error")
    pytest.skip(message)


# Package scope: while Playwright's sync API runs, the main thread has a running event loop,
# which would break every asyncio test collected after this folder.
@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that fails the test on any uncaught page error or console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    page.errors = errors
    try:
        yield page
    finally:
        context.close()
    assert not errors, "\n".join(errors)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves /static/ from the package and /harness/ from tests/browser/harness."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
    }

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        if path.startswith("/static/"):
            return str(STATIC / path[len("/static/") :])
        if path.startswith("/harness/"):
            return str(HARNESS / path[len("/harness/") :])
        return str(HARNESS / "index.html")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def harness_url() -> Iterator[str]:
    """The harness page (the bundle against a fake model) over http://127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/harness/index.html"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def harness(page: Any, harness_url: str) -> Any:
    page.goto(harness_url)
    page.wait_for_function("window.harnessReady === true")
    return page


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
