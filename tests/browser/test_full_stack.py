"""The panel for real: Voilà runs a notebook showing ``DisksPanel()`` against a service process,
and Chromium creates, watches, mounts, copies and deletes a disk through it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from apolo_disks_jupyter.client.disk import Disk
from apolo_disks_jupyter.notebook.session import Session

from .jupyter_servers import free_port, jupyter_env

NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": (
                "from apolo_disks_jupyter import DisksPanel\n"
                "panel = DisksPanel(poll_interval=0.5)\n"
                "panel"
            ),
        }
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
# Records every status the named disk's badge shows, however briefly.
WATCH_STATUSES = """(name) => {
  window.seenStatuses = [];
  const look = () => {
    for (const row of document.querySelectorAll('.adjp-body .adjp-row:not([hidden])')) {
      if (row.querySelector('.adjp-c-name').textContent !== name) continue;
      const status = row.querySelector('.adjp-badge').textContent;
      if (window.seenStatuses.at(-1) !== status) window.seenStatuses.push(status);
    }
  };
  new MutationObserver(look).observe(document.querySelector('.adjp-panel'), {
    subtree: true, childList: true, characterData: true, attributes: true,
  });
}"""


@dataclass
class Voila:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


@pytest.fixture
def slow_service(service_process_factory: Any) -> Any:
    """A service whose new disks stay Pending for 2 s, like a cluster binding a volume."""
    return service_process_factory(None, "--pending-seconds", "2")


@pytest.fixture
def seen(slow_service: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    """The test's own view of the service, through the client (not the panel)."""
    monkeypatch.setenv("APOLO_DISKS_DATA_DIR", str(slow_service.data_dir))
    session = Session()
    session.use(slow_service.url, slow_service.token)
    yield session
    session.close()


@pytest.fixture
def voila(slow_service: Any, tmp_path: Path, browser: Any) -> Iterator[Voila]:
    notebook = tmp_path / "panel.ipynb"
    notebook.write_text(json.dumps(NOTEBOOK))
    env = jupyter_env(tmp_path, slow_service.data_dir)
    port = free_port()
    log = tmp_path / "voila.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "voila",
                str(notebook),
                f"--port={port}",
                "--no-browser",
                "--Voila.ip=127.0.0.1",
                "--show_tracebacks=True",
            ],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"voila exited: {log.read_text(errors='replace')}")
            try:
                # Any HTTP answer (even 403) means it listens; "/" itself would start a kernel.
                with _OPENER.open(url + "voila-is-up", timeout=2):
                    break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"voila did not start: {log.read_text()}") from None
                time.sleep(0.2)
        yield Voila(url, process, log)
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def service_disks(session: Session) -> dict[str, Disk]:
    async def listing(client: Any) -> dict[str, Disk]:
        async with client.disks.list() as found:
            return {disk.name or disk.id: disk async for disk in found}

    return session.run(listing)


def seed(session: Session) -> None:
    async def create(client: Any) -> None:
        for size, name, span in [
            (50 * 10**9, "imagenet-train", timedelta(days=7)),
            (200 * 10**9, "checkpoints", None),
            (5 * 10**9, None, timedelta(hours=6)),
        ]:
            await client.disks.create(size, life_span=span, name=name)

    session.run(create)


def open_panel(page: Any, url: str) -> Any:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(".adjp-panel", timeout=90_000)
    page.wait_for_function(
        "document.querySelector('.adjp-refreshed')?.textContent.startsWith('refreshed')",
        timeout=60_000,
    )
    return page.locator(".adjp-panel")


def row(page: Any, name: str) -> Any:
    return page.locator(".adjp-body .adjp-row:not([hidden])", has_text=name)


def test_create_watch_mount_copy_delete_in_voila(
    browser: Any, voila: Voila, seen: Session, slow_service: Any, output_dir: Path
) -> None:
    seed(seen)
    context = browser.new_context(viewport={"width": 1200, "height": 860})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=voila.url[:-1])
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    try:
        panel = open_panel(page, voila.url)
        assert "local service as" in panel.locator(".adjp-header").inner_text()
        page.wait_for_selector(".adjp-body .adjp-row:not([hidden])")
        assert panel.locator(".adjp-summary").inner_text().startswith("3 disks")

        # Create through the form.
        page.click("text=+ New disk")
        page.fill("input[name=size]", "2")
        page.fill("input[name=name]", "Browser Disk")
        assert page.locator(".adjp-form button[type=submit]").is_disabled()
        page.fill("input[name=name]", "browser-disk")
        page.select_option("select[name=timeout]", "7d")
        page.evaluate(WATCH_STATUSES, "browser-disk")
        page.click(".adjp-form button[type=submit]")
        row(page, "browser-disk").wait_for()
        on_service = service_disks(seen)["browser-disk"]
        assert on_service.storage == 2 * 10**9
        assert on_service.timeout_unused == timedelta(days=7)

        # Pending, then Ready without pressing refresh.
        assert on_service.status is Disk.Status.PENDING
        page.wait_for_function("window.seenStatuses.at(-1) === 'Ready'", timeout=30_000)
        assert page.evaluate("window.seenStatuses") == ["Pending", "Ready"]
        assert service_disks(seen)["browser-disk"].status is Disk.Status.READY

        # Mount drawer: the snippet comes from Python; copy it.
        row(page, "browser-disk").locator("button[data-action=mount]").click()
        snippet = page.locator(".adjp-snippet")
        page.wait_for_function(
            "document.querySelector('.adjp-snippet').textContent.includes("
            "'disk:browser-disk:/mnt/browser-disk:rw')"
        )
        page.check(".adjp-mode input[value=ro]")
        page.wait_for_function(
            "document.querySelector('.adjp-snippet').textContent.includes(':ro ')"
        )
        page.click(".adjp-tab[data-format=docker]")
        volume = slow_service.data_dir / "volumes" / on_service.id
        page.wait_for_function(
            "(v) => document.querySelector('.adjp-snippet').textContent.includes(v)",
            arg=f"{volume}:/mnt/browser-disk:ro",
        )
        page.click(".adjp-tab[data-format=cli]")
        page.wait_for_function(
            "document.querySelector('.adjp-snippet').textContent.startsWith('apolo run')"
        )
        page.click(".adjp-drawer button:has-text('Copy')")
        page.wait_for_selector("text=Copied ✓")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == snippet.inner_text()
        assert re.match(r"apolo run --volume disk:browser-disk:/mnt/browser-disk:ro ", copied)
        page.mouse.move(0, 0)
        page.screenshot(path=str(output_dir / "panel-light.png"), full_page=True)

        # Delete through the two-step confirmation.
        page.click(".adjp-drawer button[aria-label='Close mount drawer']")
        row(page, "browser-disk").locator("button[data-action=delete]").click()
        confirm = page.locator(".adjp-confirm")
        assert "browser-disk" in confirm.inner_text()
        assert "browser-disk" in service_disks(seen)
        confirm.locator(".adjp-solid").click()
        row(page, "browser-disk").wait_for(state="detached", timeout=30_000)
        assert "browser-disk" not in service_disks(seen)
        assert len(service_disks(seen)) == 3

        # The dark theme, on a fresh page (a new kernel runs the notebook again).
        dark = context.new_page()
        dark.on("pageerror", lambda exc: problems.append(f"page error (dark): {exc}"))
        open_panel(dark, voila.url + "?theme=dark")
        dark.wait_for_selector(".adjp-body .adjp-row:not([hidden])")
        dark.locator(".adjp-body button[data-action=mount]").first.click()
        dark.wait_for_function("document.querySelector('.adjp-snippet').textContent.length > 0")
        dark.mouse.move(0, 0)
        dark.screenshot(path=str(output_dir / "panel-dark.png"), full_page=True)
        background = dark.evaluate(
            "getComputedStyle(document.querySelector('.adjp-panel')).backgroundColor"
        )
        assert _is_dark(background), background
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _is_dark(css_colour: str) -> bool:
    red, green, blue = (int(x) for x in re.findall(r"\d+", css_colour)[:3])
    return (red + green + blue) / 3 < 100
