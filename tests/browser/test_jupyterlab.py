"""The panel in JupyterLab: ``%disks panel`` in a real Lab notebook, run by Chromium, shows the
disks of a service process."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from apolo_disks_jupyter.notebook.session import Session

from .jupyter_servers import free_port, jupyter_env

NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": cell_id,
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for cell_id, source in [
            ("load", "%load_ext apolo_disks_jupyter"),
            ("panel", "%disks panel"),
        ]
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
# No news or update toasts over the notebook.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
}
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
# Waits for the notebook's kernel, then runs every cell through Lab's own command.
RUN_ALL = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  await app.commands.execute('notebook:run-all-cells');
}"""
PANEL_ROW = ".jp-OutputArea .adjp-panel .adjp-body .adjp-row:not([hidden])"


@dataclass
class Lab:
    url: str
    token: str
    process: subprocess.Popen[bytes]
    runtime_dir: Path
    log: Path


def _kernels_of(runtime_dir: Path) -> list[int]:
    """Processes (kernels) whose command line names a file in ``runtime_dir``."""
    needle = str(runtime_dir).encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if needle in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
    return found


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM Lab (it shuts its kernels down), then kill whatever is left of its group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@pytest.fixture
def lab(service_process_factory: Any, tmp_path: Path, browser: Any) -> Iterator[Lab]:
    service = service_process_factory()
    session = Session()
    session.use(service.url, service.token)
    try:

        async def create(client: Any) -> None:
            await client.disks.create(3 * 10**9, life_span=None, name="lab-seeded-disk")

        session.run(create)
    finally:
        session.close()

    root = tmp_path / "lab-root"
    root.mkdir()
    (root / "disks.ipynb").write_text(json.dumps(NOTEBOOK))
    settings = tmp_path / "lab-settings"
    for name, values in LAB_SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    env = jupyter_env(tmp_path, service.data_dir)
    runtime_dir = Path(env["JUPYTER_RUNTIME_DIR"])
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp_path / "lab-workspaces")
    token = secrets.token_hex(16)
    port = free_port()
    log = tmp_path / "lab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyterlab",
                "--allow-root",
                "--no-browser",
                f"--IdentityProvider.token={token}",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--ServerApp.root_dir={root}",
                "--LabApp.expose_app_in_browser=True",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            ],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited: {log.read_text(errors='replace')}")
            try:
                with _OPENER.open(f"{url}api/status?token={token}", timeout=2):
                    break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"jupyter lab did not start: {log.read_text(errors='replace')}"
                    ) from None
                time.sleep(0.2)
        yield Lab(url, token, process, runtime_dir, log)
    finally:
        _stop(process)
        leftovers = _kernels_of(runtime_dir)
        for pid in leftovers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert not leftovers, f"kernels left running: {leftovers}"


def test_panel_shows_disks_in_jupyterlab(browser: Any, lab: Lab, output_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    try:
        page.goto(f"{lab.url}lab/tree/disks.ipynb?token={lab.token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
        page.wait_for_function(
            "window.jupyterapp?.shell.currentWidget?.sessionContext !== undefined",
            timeout=60_000,
        )
        page.evaluate(RUN_ALL)
        row = page.locator(PANEL_ROW, has_text="lab-seeded-disk")
        row.wait_for(timeout=60_000)
        panel = page.locator(".jp-OutputArea .adjp-panel")
        assert panel.count() == 1
        assert "local service as" in panel.locator(".adjp-header").inner_text()
        assert row.locator(".adjp-c-name").inner_text() == "lab-seeded-disk"
        page.wait_for_function(
            "document.querySelector('.adjp-refreshed')?.textContent.startsWith('refreshed')",
            timeout=30_000,
        )
        page.mouse.move(0, 0)
        page.screenshot(path=str(output_dir / "panel-jupyterlab.png"))
    finally:
        context.close()
    assert not problems, "\n".join(problems)
