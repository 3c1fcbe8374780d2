"""The local service under load: GET by id, list, create and delete, against a bare baseline.

The service, the baseline and the load generator each run in a process of their own. GET by id
and list use wrk (a C load generator, so the generator's own cost stays small on a two-core
machine) when it is installed, else the aiohttp generator of ``bench._loadgen``; create and
delete always use the aiohttp generator (every request needs its own body or id). The baseline
is a bare aiohttp handler serving one in-memory disk (``bench._baseline``), measured the same
way, alternating with the service, round after round.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ._common import (
    ORG,
    PROJECT,
    PYTHON,
    REPO,
    Goal,
    Section,
    ServiceProcess,
    disk_body,
    isolated_home,
    median,
    ms,
    seed_sync,
    stop_pid,
)

CONNECTIONS = 16
_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0}


def loadgen(job: dict[str, Any]) -> dict[str, Any]:
    """Run one ``bench._loadgen`` job in a fresh process; its JSON result."""
    done = subprocess.run(
        [PYTHON, "-m", "bench._loadgen"],
        input=json.dumps(job).encode(),
        capture_output=True,
        cwd=REPO,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed:\n{done.stderr.decode()[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _wrk_time(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not match:
        raise ValueError(f"unexpected wrk time {text!r}")
    return float(match[1]) * _UNITS[match[2]]


def wrk(url: str, token: str, duration: float) -> dict[str, Any]:
    """``wrk --latency`` with one thread and 16 connections; rps, p50 and p99 in seconds."""
    program = shutil.which("wrk")
    if program is None:
        raise RuntimeError("wrk is not installed")
    done = subprocess.run(
        [
            program,
            "-t1",
            f"-c{CONNECTIONS}",
            f"-d{max(1, round(duration))}s",
            "--latency",
            "-H",
            f"Authorization: Bearer {token}",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=False,
    )
    out = done.stdout
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr[-500:]}")
    pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.MULTILINE))
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.MULTILINE)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if rps is None or "50" not in pct or "99" not in pct:
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    return {
        "rps": float(rps[1]),
        "p50": _wrk_time(pct["50"]),
        "p99": _wrk_time(pct["99"]),
        "errors": int(bad[1]) if bad else 0,
    }


def get_load(url: str, token: str, duration: float) -> dict[str, Any]:
    """GETs of one URL with 16 connections for ``duration`` seconds."""
    if shutil.which("wrk"):
        return {**wrk(url, token, duration), "tool": "wrk"}
    job = {"mode": "get", "url": url, "token": token, "concurrency": CONNECTIONS}
    result = loadgen({**job, "duration": duration})
    return {**result, "errors": sum(result["errors"].values()), "tool": "aiohttp"}


@contextmanager
def baseline(token: str, disk_id: str) -> Iterator[str]:
    """The baseline server, serving one disk of id ``disk_id``; yields its API base."""
    proc = subprocess.Popen(
        [PYTHON, "-m", "bench._baseline", token, disk_id],
        stdout=subprocess.PIPE,
        cwd=REPO,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        stop_pid(proc.pid)
        proc.wait(timeout=5)
        if proc.stdout:
            proc.stdout.close()


def _row(name: str, r: dict[str, Any], extra: str = "") -> list[str]:
    errors = r.get("errors", 0)
    errors = sum(errors.values()) if isinstance(errors, dict) else errors
    return [
        name,
        f"{r['rps']:,.0f}/s",
        ms(r["p50"]),
        ms(r["p99"]),
        str(errors),
        r.get("tool", "aiohttp"),
        extra,
    ]


def _median_result(results: list[dict[str, Any]]) -> dict[str, Any]:
    merged = dict(results[0])
    for key in ("rps", "p50", "p99"):
        merged[key] = median([r[key] for r in results])
    merged["errors"] = sum(
        sum(r["errors"].values()) if isinstance(r["errors"], dict) else r["errors"] for r in results
    )
    return merged


def run(tiny: bool = False) -> Section:
    duration = 1.0 if tiny else 5.0
    rounds = 1 if tiny else 5
    stock = 20 if tiny else 1_000
    listed = 10 if tiny else 100
    creates = 40 if tiny else 2_000
    query = f"?org_name={ORG}&project_name={PROJECT}"
    with isolated_home() as home, ServiceProcess(home / "svc") as service:
        ids = seed_sync(service, stock)
        seed_sync(service, listed, project="listed", start=stock)
        target = ids[len(ids) // 2]
        with baseline(service.token, target) as base_url:
            base_runs, get_runs = [], []
            for _ in range(rounds):
                base_runs.append(
                    get_load(f"{base_url}/disk/{target}{query}", service.token, duration)
                )
                get_runs.append(
                    get_load(f"{service.disks_url}/{target}{query}", service.token, duration)
                )
        base = _median_result(base_runs)
        got = _median_result(get_runs)
        if base["errors"] or got["errors"]:
            raise RuntimeError(f"GETs failed: baseline {base['errors']}, service {got['errors']}")
        list_url = f"{service.disks_url}?org_name={ORG}&project_name=listed"
        listing = get_load(list_url, service.token, duration)
        bodies = [disk_body(i, "creates") for i in range(creates)]
        common = {"url": service.disks_url, "token": service.token, "concurrency": CONNECTIONS}
        create = loadgen({**common, "mode": "create", "bodies": bodies})
        if len(create["ids"]) != creates:
            raise RuntimeError(f"only {len(create['ids'])} of {creates} creates succeeded")
        # DELETE needs the project in its query; the id goes in the path.
        delete_url = service.disks_url
        delete = loadgen(
            {
                **common,
                "url": delete_url,
                "mode": "delete",
                "ids": [f"{i}?org_name={ORG}&project_name=creates" for i in create["ids"]],
            }
        )
    rows = [
        _row("baseline GET (bare aiohttp, 1 disk in memory)", base),
        _row(f"service GET by id ({stock:,} disks)", got),
        _row(f"service list ({listed} disks per reply)", listing),
        _row(f"service create ({creates:,} disks)", create, "aiohttp generator"),
        _row(f"service delete ({creates:,} disks)", delete, "aiohttp generator"),
    ]
    goals = [
        Goal("GET by id rps / baseline rps", got["rps"] / base["rps"], ">=", 0.5),
        Goal("GET by id p99", got["p99"] * 1000, "<=", 5, "ms"),
        Goal("create rate", create["rps"], ">=", 300, "/s"),
    ]
    return Section(
        f"3. Local service under load ({CONNECTIONS} connections)",
        ["load", "throughput", "p50", "p99", "errors", "tool", "note"],
        rows,
        goals,
        [
            f"GET rows: {duration:g} s runs, median of {rounds} alternating rounds"
            " (baseline, service).",
            "Service, baseline and load generator are three processes on the same two cores.",
            "GET by id per round, rps / p99: service "
            + ", ".join(f"{r['rps']:,.0f} / {r['p99'] * 1000:.1f} ms" for r in get_runs)
            + "; baseline "
            + ", ".join(f"{r['rps']:,.0f} / {r['p99'] * 1000:.1f} ms" for r in base_runs)
            + ".",
            f"With {CONNECTIONS} connections kept busy, latency ≈ {CONNECTIONS} / throughput"
            " (Little's law): a p99 of 5 ms needs well over 3,200 requests per second.",
        ],
    )
