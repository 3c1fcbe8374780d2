"""Run the notebooks (``pytest --nbval notebooks/…``) as a user would, but isolated.

Before any kernel starts, the environment points at a fresh temporary data folder for the
embedded local service and an empty apolo config folder, so the notebooks never touch the
user's disks or ``apolo login``. The service is started once up front (so the first cell is
not slowed by its start) and stopped at the end.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_STATE: dict[str, str] = {}
_CLEARED = ("APOLO_DISKS_URL", "APOLO_DISKS_TOKEN", "APOLO_PASSED_CONFIG", "NEURO_PASSED_CONFIG")


def start_environment() -> Path:
    """Point this process (and kernels it starts) at a temporary local service."""
    root = Path(tempfile.mkdtemp(prefix="apolo-disks-notebooks-"))
    _STATE["root"] = str(root)
    for name in _CLEARED:
        os.environ.pop(name, None)
    os.environ["APOLO_DISKS_DATA_DIR"] = str(root / "data")
    os.environ["APOLO_CONFIG"] = str(root / "apolo-config")
    os.environ["NEURO_CLI_DISABLE_PYPI_VERSION_CHECK"] = "1"
    # Kernels run in the notebook's folder: make the package importable from a checkout too.
    paths = [str(REPO), os.environ.get("PYTHONPATH", "")]
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    (root / "apolo-config").mkdir()
    from apolo_disks_jupyter.client.local import ensure_local_service

    ensure_local_service(root / "data")
    return root


def stop_environment() -> None:
    """Stop the local service and remove the temporary folders."""
    root = _STATE.pop("root", None)
    if root is None:
        return
    from apolo_disks_jupyter.client.local import ensure_local_service

    try:
        info = ensure_local_service(Path(root) / "data", start=False)
    except Exception:
        info = None
    if info is not None:
        os.kill(info.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.waitpid(info.pid, os.WNOHANG)
                os.kill(info.pid, 0)
            except (ChildProcessError, ProcessLookupError):
                break
            time.sleep(0.05)
    shutil.rmtree(root, ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("nbval", default=False) or config.getoption("nbval_lax", default=False):
        start_environment()


def pytest_unconfigure(config: pytest.Config) -> None:
    stop_environment()
