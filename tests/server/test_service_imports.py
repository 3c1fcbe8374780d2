"""The service stays light: it never loads the notebook layer or its heavy dependencies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_service_imports_no_notebook_layer() -> None:
    code = (
        "import sys, apolo_disks_jupyter.server, apolo_disks_jupyter.server.__main__\n"
        "import apolo_disks_jupyter.client.local\n"
        "heavy = ['IPython', 'pandas', 'ipywidgets', 'anywidget', 'apolo_disks_jupyter.notebook']\n"
        "print([name for name in heavy if name in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == "[]"


def test_the_server_package_imports_only_the_shared_client_modules() -> None:
    allowed = {"disk", "units", "errors", "references"}
    for source in (REPO_ROOT / "apolo_disks_jupyter" / "server").glob("*.py"):
        for line in source.read_text().splitlines():
            statement = line.strip()
            if not statement.startswith(("from ", "import ")):
                continue
            assert "notebook" not in statement, f"{source.name}: {line}"
            if statement.startswith("from ..client"):
                module = statement.split("from ..client.")[1].split()[0]
                assert module in allowed, f"{source.name}: {line}"
