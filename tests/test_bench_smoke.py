"""Every benchmark of ``make bench`` still runs, on tiny sizes (the numbers are not checked)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import __main__ as bench_main
from bench._common import percentile
from bench.panel_render import CHROMIUM
from bench.service_load import baseline, loadgen


def _run_tiny(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    report = tmp_path / "report.md"
    code = bench_main.main(["--tiny", "--only", name, "--markdown", str(report)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    text = report.read_text()
    assert "FAILED" not in text, text
    return text


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("listing", "Listing N disks"),
        ("cold_start", "Cold start"),
        ("service_load", "Local service under load"),
        ("usage_scan", "Usage measurement"),
    ],
)
@pytest.mark.timeout(180)
def test_benchmark_runs_on_a_tiny_size(
    name: str, title: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _run_tiny(name, tmp_path, capsys)
    assert title in text
    assert "## Goals" in text
    assert " n/a " not in text.split("## Goals")[1], text


@pytest.mark.timeout(180)
def test_panel_benchmark_runs_on_a_tiny_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: the panel benchmark needs Debian's chromium"
        if os.environ.get("APOLO_DISKS_REQUIRE_BROWSER"):
            pytest.fail(message + " (APOLO_DISKS_REQUIRE_BROWSER is set)")
        pytest.skip(message)
    text = _run_tiny("panel_render", tmp_path, capsys)
    assert "Panel in headless Chromium" in text
    assert "state bytes per disk" in text


def test_aiohttp_load_generator_measures_a_real_server() -> None:
    """The fallback used where wrk is not installed."""
    disk_id = "disk-00000000-0000-4000-8000-000000000000"
    with baseline("smoke-token", disk_id) as url:
        job = {"mode": "get", "token": "smoke-token", "concurrency": 2, "count": 40}
        result = loadgen({**job, "url": f"{url}/disk/{disk_id}"})
        refused = loadgen({**job, "url": f"{url}/disk/disk-other", "count": 5})
    assert result["count"] == 40
    assert result["errors"] == {}
    assert 0 < result["p50"] <= result["p99"] <= result["max"]
    assert refused["count"] == 0
    assert refused["errors"] == {"404": 5}


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0
    assert percentile([3.0], 99) == 3.0
