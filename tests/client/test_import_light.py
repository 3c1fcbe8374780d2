"""Scripts and services stay light: the client imports no notebook machinery."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["IPython", "ipywidgets", "anywidget", "pandas", "traitlets", "dateutil", "numpy"]


def imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "code",
    [
        "import apolo_disks_jupyter",
        "from apolo_disks_jupyter import connect, Disk, Disks, parse_size",
    ],
)
def test_importing_the_client_imports_nothing_heavy(code: str) -> None:
    modules = imported_after(code)
    loaded = sorted(name for name in HEAVY if name in modules)
    assert loaded == []


def test_the_client_layer_imports_neither_notebook_nor_server() -> None:
    modules = imported_after("import apolo_disks_jupyter.client")
    assert not any(m.startswith("apolo_disks_jupyter.notebook") for m in modules)
    assert not any(m.startswith("apolo_disks_jupyter.server") for m in modules)
    # The login database is read only when there is one to read.
    assert "sqlite3" not in modules


@pytest.mark.parametrize(
    "code",
    [
        "import apolo_disks_jupyter",
        "from apolo_disks_jupyter import parse_size, InvalidArgument, __version__",
        "from apolo_disks_jupyter.client.local import ensure_local_service",
        "from apolo_disks_jupyter.client.resolve import resolve_target",
    ],
)
def test_finding_the_service_or_parsing_units_does_not_load_aiohttp(code: str) -> None:
    # A kernel finds (or starts) its service while aiohttp is still loading: see session.py.
    assert "aiohttp" not in imported_after(code)


def test_the_public_names_still_resolve() -> None:
    import apolo_disks_jupyter as package

    for name in package.__all__:
        assert getattr(package, name) is not None, name
    assert package.Disk is package.client.Disk
