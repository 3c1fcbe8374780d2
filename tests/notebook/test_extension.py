"""Loading and unloading the extension, lazy imports, and a plain ``ipython`` terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from apolo_disks_jupyter.client.disk import Disk
from apolo_disks_jupyter.notebook.magic.core import DisksMagic
from apolo_disks_jupyter.notebook.session import get_session

REPO = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def test_load_and_unload_ext(ipython: Any, on_service: Any) -> None:
    ipython.run_line_magic("load_ext", "apolo_disks_jupyter")
    try:
        assert "disks" in ipython.magics_manager.magics["line"]
        assert any(isinstance(c, DisksMagic) for c in ipython.configurables)
        html = ipython.display_formatter.formatters["text/html"]
        assert html.lookup_by_type(Disk) is not None
        assert ipython.run_line_magic("disks", "status").is_local
        assert get_session().connected
    finally:
        ipython.run_line_magic("unload_ext", "apolo_disks_jupyter")
    assert "disks" not in ipython.magics_manager.magics["line"]
    assert not any(isinstance(c, DisksMagic) for c in ipython.configurables)
    assert not get_session().connected  # closed on unload
    with pytest.raises(KeyError):
        ipython.display_formatter.formatters["text/html"].lookup_by_type(Disk)


def test_unload_keeps_other_dataframe_formatters(ipython: Any) -> None:
    import pandas as pd

    def theirs(frame: Any) -> str:
        return "theirs"

    html = ipython.display_formatter.formatters["text/html"]
    ipython.run_line_magic("load_ext", "apolo_disks_jupyter")
    ipython.run_line_magic("unload_ext", "apolo_disks_jupyter")
    html.for_type(pd.DataFrame, theirs)
    ipython.run_line_magic("load_ext", "apolo_disks_jupyter")
    try:
        # Ours replaced theirs while loaded (registered by name, found first).
        ipython.run_line_magic("unload_ext", "apolo_disks_jupyter")
        assert html.lookup_by_type(pd.DataFrame) is theirs
    finally:
        html.pop(pd.DataFrame, None)


LAZY_CHECK = """
import sys
from IPython.core.interactiveshell import InteractiveShell
ip = InteractiveShell.instance()
ip.run_line_magic("load_ext", "apolo_disks_jupyter")
print("after load:", sorted(m for m in ("pandas", "anywidget", "ipywidgets") if m in sys.modules))
ip.run_line_magic("disks", "ls")
print("after ls:", sorted(m for m in ("pandas", "anywidget", "ipywidgets") if m in sys.modules))
ip.run_line_magic("unload_ext", "apolo_disks_jupyter")
"""


def test_loading_imports_neither_pandas_nor_widgets(on_service: Any) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LAZY_CHECK],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        check=True,
    )
    assert "after load: []" in done.stdout
    assert "after ls: ['pandas']" in done.stdout


TERMINAL_SESSION = """%load_ext apolo_disks_jupyter
%disks status
d = %disks create 1G --name term-disk
df = %disks ls
df.loc[d.id, "storage"]
%disks mount term-disk:/mnt/data:ro --format cli
%disks create 1K
%disks rm term-disk
"""


def test_a_plain_ipython_terminal_session(kernel: Any, on_service: Any) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "IPython",
            "--no-banner",
            "--colors=nocolor",
            "--HistoryManager.enabled=False",
            "--simple-prompt",
        ],
        input=TERMINAL_SESSION,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    out = done.stdout + done.stderr
    assert "Connected to the embedded local service" in out
    assert "np.int64(1000000000)" in out or "1000000000" in out
    assert "apolo run --volume disk:term-disk:/mnt/data:ro ubuntu -- ls /mnt/data" in out
    assert "UsageError: Unknown size unit in '1K'" in out
    assert "Removed term-disk." in out
    assert "Traceback" not in out
    assert "Unclosed" not in out
    assert on_service.token not in out
    assert not kernel.ids()
