"""GET latency while the service measures a disk holding many small files.

The service measures ``used_bytes`` every ``--usage-interval`` seconds in a worker thread. Here
one disk's directory is filled with small files while the service is stopped; then the service
starts with a one-second interval under a steady, paced GET-by-id load from a separate process,
and the load runs until a reply shows the disk's full size — the first scan is over. The same
load against the same folder with no scan due (interval of an hour) is the reference.

The scan's cost per file is reported twice: as the service did it under load (from the scan's
start, one interval after the service published its address, to the first reply carrying the
full size) and as ``server.usage.measure`` alone in this process, on a warm page cache.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ._common import (
    ORG,
    PROJECT,
    Goal,
    Section,
    ServiceProcess,
    isolated_home,
    median,
    ms,
    percentile,
    seed_sync,
)
from .service_load import loadgen

FILE_BYTES = 64
PER_FOLDER = 1_000
WORKERS = 4
PACE = 0.005  # seconds each worker rests between requests: a steady load, not a saturating one
INTERVAL = 1.0


def fill(folder: Path, files: int) -> int:
    """``files`` files of FILE_BYTES bytes in sub-folders of PER_FOLDER; total bytes."""
    payload = b"x" * FILE_BYTES
    for i in range(files):
        sub = folder / f"d{i // PER_FOLDER:04d}"
        if i % PER_FOLDER == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"f{i:06d}.bin").write_bytes(payload)
    return files * FILE_BYTES


def _get_job(url: str, token: str, **extra: Any) -> dict[str, Any]:
    return {
        "mode": "get",
        "url": url,
        "token": token,
        "concurrency": WORKERS,
        "pace": PACE,
        "samples": True,
        "field": "used_bytes",
        **extra,
    }


def run(tiny: bool = False) -> Section:
    files = 2_000 if tiny else 100_000
    idle_seconds = 1.0 if tiny else 4.0
    rounds = 1 if tiny else 3
    from apolo_disks_jupyter.server.usage import measure

    with isolated_home() as home:
        data = home / "svc"
        with ServiceProcess(data, "--usage-interval", "3600") as service:
            disk_id = seed_sync(service, 1)[0]
            seed_sync(service, 9, start=1)
            token = service.token
        volume = data / "volumes" / disk_id
        t0 = time.perf_counter()
        expected = fill(volume, files)
        fill_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        alone = measure(volume, 0.0)
        alone_seconds = time.perf_counter() - t0
        if alone is None or alone.used_bytes != expected:
            raise RuntimeError(f"measure() saw {alone}, expected {expected} bytes")
        query = f"?org_name={ORG}&project_name={PROJECT}"
        idle_lat: list[float] = []
        during: list[float] = []
        scan_times: list[float] = []
        idle_rates: list[float] = []
        for round_no in range(rounds):
            # A size no earlier scan stored: the first reply showing it ends this round's scan.
            (volume / "extra.bin").write_bytes(b"x" * (round_no + 1))
            target = expected + round_no + 1
            with ServiceProcess(data, "--usage-interval", "3600") as service:
                url = f"{service.disks_url}/{disk_id}{query}"
                idle = loadgen(_get_job(url, token, duration=idle_seconds))
            idle_lat += [s[1] for s in idle["samples"]]
            idle_rates.append(idle["rps"])
            with ServiceProcess(data, "--usage-interval", str(INTERVAL)) as service:
                published = time.time()
                url = f"{service.disks_url}/{disk_id}{query}"
                scan = loadgen(_get_job(url, token, duration=300, stop_when=["used_bytes", target]))
            done = [s for s in scan["samples"] if s[2] == target]
            if not done:
                raise RuntimeError("the scan did not finish within 300 s")
            scan_start = published + INTERVAL
            scan_end = min(s[0] + s[1] for s in done)
            during += [s[1] for s in scan["samples"] if scan_start <= s[0] <= scan_end]
            scan_times.append(scan_end - scan_start)
    scan_seconds = median(scan_times)
    scanned_for = sum(scan_times)
    rows = [
        [
            "no scan due",
            f"{len(idle_lat)}",
            f"{median(idle_rates):,.0f}/s",
            ms(percentile(idle_lat, 50)),
            ms(percentile(idle_lat, 99)),
            ms(max(idle_lat)),
        ],
        [
            f"during the scan of {files:,} files",
            f"{len(during)}",
            f"{len(during) / scanned_for:,.0f}/s" if scanned_for > 0 else "n/a",
            ms(percentile(during, 50)),
            ms(percentile(during, 99)),
            ms(max(during)) if during else "n/a",
        ],
    ]
    per_file_load = scan_seconds / files * 1e6
    per_file_alone = alone_seconds / files * 1e6
    goals = [Goal("GET p99 during the scan", percentile(during, 99) * 1000, "<=", 20, "ms")]
    return Section(
        f"4. Usage measurement: GET by id while a disk of {files:,} small files is measured",
        ["phase", "GETs", "rate", "p50", "p99", "max"],
        rows,
        goals,
        [
            f"Load: {WORKERS} connections, each resting {PACE * 1000:g} ms between requests;"
            f" {rounds} rounds (a fresh service start each, so each scan is its first).",
            f"Scan under load (median): {scan_seconds:.2f} s = {per_file_load:.1f} µs per file;"
            f" measure() alone in one process: {alone_seconds:.2f} s ="
            f" {per_file_alone:.1f} µs per file.",
            f"Files of {FILE_BYTES} bytes, {PER_FOLDER} per folder; writing them took"
            f" {fill_seconds:.1f} s.",
        ],
    )
