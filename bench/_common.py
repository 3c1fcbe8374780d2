"""What every benchmark shares: isolated environments, the service process, seeding, statistics."""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ORG = "local"
PROJECT = "default"
MB = 1_000_000
# Variables that would point a child elsewhere than the isolated folders.
FOREIGN = (
    "APOLO_DISKS_URL",
    "APOLO_DISKS_TOKEN",
    "APOLO_PASSED_CONFIG",
    "NEURO_PASSED_CONFIG",
    "APOLO_TOKEN",
    "NEURO_TOKEN",
)


def isolated_env(data_dir: Path, config_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a child process that never touches the user's real folders."""
    env = {k: v for k, v in os.environ.items() if k not in FOREIGN}
    env["NEURO_CLI_DISABLE_PYPI_VERSION_CHECK"] = "1"
    env["APOLO_DISKS_DATA_DIR"] = str(data_dir)
    env["APOLO_CONFIG"] = str(config_dir)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


@contextmanager
def isolated_home() -> Iterator[Path]:
    """A temporary folder; while it lives, this process's APOLO_* variables point into it."""
    with tempfile.TemporaryDirectory(prefix="apolo-bench-") as tmp:
        root = Path(tmp)
        (root / "apolo-config").mkdir()
        saved = {k: os.environ.get(k) for k in ("APOLO_CONFIG", "APOLO_DISKS_DATA_DIR")}
        hidden = {k: os.environ.pop(k) for k in FOREIGN if k in os.environ}
        os.environ["APOLO_CONFIG"] = str(root / "apolo-config")
        os.environ["APOLO_DISKS_DATA_DIR"] = str(root / "data")
        try:
            yield root
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            os.environ.update(hidden)


def read_connection(data_dir: Path) -> dict[str, Any] | None:
    try:
        info: dict[str, Any] = json.loads((data_dir / "connection.json").read_text())
    except (OSError, ValueError):
        return None
    return info


def stop_pid(pid: int, timeout: float = 10.0) -> None:
    """Stop one process we started (SIGTERM, then SIGKILL), by its id."""
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        with suppress(ChildProcessError):
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return
        time.sleep(0.02)
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def stop_embedded_service(data_dir: Path) -> None:
    """Stop the service a measured process started in ``data_dir`` (it outlives its starter)."""
    info = read_connection(data_dir)
    if info and isinstance(info.get("pid"), int):
        stop_pid(info["pid"])


class ServiceProcess:
    """``python -m apolo_disks_jupyter.server`` in a process of its own, on a free port."""

    def __init__(self, data_dir: Path, *args: str) -> None:
        self.data_dir = data_dir
        self.args = args
        self.url = ""
        self.token = ""
        self.pid = 0
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def disks_url(self) -> str:
        return self.url.rstrip("/") + "/disk"

    def __enter__(self) -> ServiceProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        config = self.data_dir.parent / "apolo-config"
        config.mkdir(exist_ok=True)
        argv = [PYTHON, "-m", "apolo_disks_jupyter.server", "--data-dir", str(self.data_dir)]
        self._proc = subprocess.Popen(
            [*argv, "--port", "0", *self.args],
            env=isolated_env(self.data_dir, config),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.pid = self._proc.pid
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            info = read_connection(self.data_dir)
            if info and info.get("pid") == self.pid:
                self.url, self.token = str(info["url"]), str(info["token"])
                return self
            if self._proc.poll() is not None:
                err = self._proc.stderr.read().decode() if self._proc.stderr else ""
                raise RuntimeError(f"the local service exited at start:\n{err[-2000:]}")
            time.sleep(0.02)
        self.__exit__(None, None, None)
        raise RuntimeError("the local service did not write connection.json within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            stop_pid(self._proc.pid)
            with suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=5)
            if self._proc.stderr:
                self._proc.stderr.close()
            self._proc = None


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def disk_body(i: int, project: str = PROJECT, rng: random.Random | None = None) -> dict[str, Any]:
    """A varied but valid create body: sizes 1–40 MB (well under the 500 GiB quota at 10,000)."""
    rng = rng or random.Random(i)
    spans = [3600.0, 86400.0, 7 * 86400.0, None]
    return {
        "storage": rng.randint(1, 40) * MB,
        "life_span": spans[i % len(spans)],
        "name": f"bench-{project}-{i}" if i % 2 == 0 else None,
        "project_name": project,
        "org_name": ORG,
    }


async def seed(
    service: ServiceProcess,
    count: int,
    *,
    project: str = PROJECT,
    start: int = 0,
    concurrency: int = 32,
) -> list[str]:
    """Create ``count`` disks with concurrent POSTs; returns their ids."""
    ids: list[str] = []
    queue = iter(range(start, start + count))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(headers=auth(service.token), connector=connector) as s:

        async def worker() -> None:
            for i in queue:
                async with s.post(service.disks_url, json=disk_body(i, project)) as resp:
                    if resp.status != 201:
                        raise RuntimeError(f"seeding: {resp.status} {await resp.text()}")
                    ids.append((await resp.json())["id"])

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return ids


def seed_sync(service: ServiceProcess, count: int, **kw: Any) -> list[str]:
    return asyncio.run(seed(service, count, **kw))


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100), nearest-rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[rank]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds == seconds else "n/a"


def ratio(num: float, den: float) -> str:
    return f"{num / den:.2f}×" if den and num == num and den == den else "n/a"


@dataclass
class Goal:
    """One goal of issue 5: ``measured op limit`` (op is "<=" or ">=")."""

    name: str
    measured: float
    op: str
    limit: float
    unit: str = "×"
    note: str = ""

    @property
    def met(self) -> bool:
        if self.measured != self.measured:
            return False
        return self.measured <= self.limit if self.op == "<=" else self.measured >= self.limit

    def row(self) -> list[str]:
        sign = "≤" if self.op == "<=" else "≥"
        unit = self.unit if self.unit == "×" else f" {self.unit}"
        digits = 0 if abs(self.measured) >= 100 else 1 if abs(self.measured) >= 10 else 2
        return [
            self.name,
            f"{self.measured:,.{digits}f}{unit}",
            f"{sign} {self.limit:g}{unit}",
            "met" if self.met else "MISSED",
            self.note,
        ]


@dataclass
class Section:
    """What one benchmark prints: a table, its goals and notes."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    goals: list[Goal]
    notes: list[str]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table (readable as plain text too)."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=False)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for row in rows:
        cells = [c.ljust(w) for c, w in zip(row, widths, strict=False)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render(section: Section) -> str:
    out = [f"## {section.title}", "", table(section.headers, section.rows), ""]
    if section.goals:
        goal_rows = [g.row() for g in section.goals]
        out += [table(["goal", "measured", "target", "", "note"], goal_rows), ""]
    out += [f"- {n}" for n in section.notes]
    return "\n".join(out).rstrip() + "\n"
