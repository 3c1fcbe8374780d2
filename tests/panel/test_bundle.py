"""The committed front-end bundle is what its sources build to, and needs nothing else."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from apolo_disks_jupyter.notebook.panel import DisksPanel

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "js"
STATIC = ROOT / "apolo_disks_jupyter" / "static"


def _node_or_skip() -> tuple[str, str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node and npm:
        return node, npm
    message = "node and npm are needed to rebuild the panel's bundle (js/) and are not installed"
    if os.environ.get("APOLO_DISKS_REQUIRE_NODE"):
        pytest.fail(message + " — APOLO_DISKS_REQUIRE_NODE is set, so this is an error")
    pytest.skip(message)


def test_committed_bundle_matches_its_sources() -> None:
    node, npm = _node_or_skip()
    if not (JS / "node_modules" / "esbuild").is_dir():
        installed = subprocess.run(
            [npm, "ci", "--prefix", str(JS), "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if installed.returncode != 0:
            message = f"`npm ci --prefix js` failed: {installed.stderr.strip()[-500:]}"
            if os.environ.get("APOLO_DISKS_REQUIRE_NODE"):
                pytest.fail(message)
            pytest.skip(message)
    checked = subprocess.run(
        [node, "build.mjs", "--check"], cwd=JS, capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 0, checked.stderr


def test_bundle_is_one_self_contained_module() -> None:
    bundle = (STATIC / "panel.js").read_text()
    assert not re.search(r"^\s*import\s", bundle, re.MULTILINE)
    (exports,) = re.findall(r"export\s*\{([^}]*)\}", bundle)
    assert {name.split(" as ")[-1].strip() for name in exports.split(",")} == {"default", "render"}
    assert (STATIC / "panel.css").read_text().count(".adjp-panel") > 0


def test_widget_loads_the_bundled_files() -> None:
    assert str(DisksPanel._esm) == (STATIC / "panel.js").read_text()
    assert str(DisksPanel._css) == (STATIC / "panel.css").read_text()


def test_build_tool_is_pinned_and_locked() -> None:
    package = json.loads((JS / "package.json").read_text())
    assert package.get("dependencies", {}) == {}
    (version,) = package["devDependencies"].values()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    lock = json.loads((JS / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/esbuild"]["version"] == version
