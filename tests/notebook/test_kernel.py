"""In a real Jupyter kernel: failures reach the front end as one line, Ctrl-C is clean."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import KernelManager

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def kernel_client(on_service: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    paths = [str(REPO), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    try:
        yield manager, client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client: Any, code: str, timeout: float = 60) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Execute ``code``; the shell reply and the cell's iopub outputs."""
    msg_id = client.execute(code)
    outputs = []
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break
        if kind in ("stream", "error", "execute_result", "display_data"):
            outputs.append({"type": kind, **msg["content"]})
    reply = client.get_shell_msg(timeout=timeout)
    return reply["content"], outputs


def test_failures_are_errors_of_one_line_for_the_front_end(kernel_client: Any) -> None:
    _, client = kernel_client
    reply, _ = run(client, "%load_ext apolo_disks_jupyter")
    assert reply["status"] == "ok"
    for code, kind in [
        ("%disks create 1K", "UsageError"),
        ("%disks mount some-disk:relative", "UsageError"),
        ("%disks get no-such-disk", "DiskNotFound"),
    ]:
        reply, outputs = run(client, code)
        assert reply["status"] == "error", code  # nbclient sees the failure
        errors = [out for out in outputs if out["type"] == "error"]
        assert len(errors) == 1, outputs  # so does nbval (it reads iopub errors)
        assert len(errors[0]["traceback"]) == 1
        assert errors[0]["traceback"][0].startswith(f"{kind}: ")
    reply, outputs = run(client, "%disks status")
    assert reply["status"] == "ok"
    assert "embedded local service" in outputs[-1]["data"]["text/plain"]


def test_interrupt_cancels_a_call_and_the_kernel_stays_usable(kernel_client: Any) -> None:
    manager, client = kernel_client
    run(client, "%load_ext apolo_disks_jupyter\n%disks status")
    msg_id = client.execute(
        "import asyncio\n"
        "from apolo_disks_jupyter.notebook.session import get_session\n"
        "get_session().run(lambda client: asyncio.sleep(60), label='waiting')"
    )
    time.sleep(2.0)
    manager.interrupt_kernel()
    reply = client.get_shell_msg(timeout=20)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    reply, outputs = run(client, "frame = %disks ls\nframe.shape")
    assert reply["status"] == "ok"
    assert outputs[-1]["data"]["text/plain"] == "(0, 14)"
