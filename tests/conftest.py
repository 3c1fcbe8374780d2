"""Shared fixtures: an isolated environment, an in-process service and a service process."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from apolo_disks_jupyter.server import LocalDiskService

REPO_ROOT = Path(__file__).resolve().parents[1]
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _stop_leftover_service(data_dir: Path) -> None:
    """SIGTERM the service a test started in ``data_dir`` (e.g. through ensure_local_service).

    Repeated a few times: a starter that was still waiting may take the folder over.
    """
    stopped: set[int] = set()
    for _ in range(5):
        try:
            pid = int(json.loads((data_dir / "connection.json").read_bytes())["pid"])
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError, KeyError, TypeError):
            return
        if b"apolo_disks_jupyter.server" not in command or pid == os.getpid() or pid in stopped:
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        stopped.add(pid)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _running(pid):
            time.sleep(0.05)
        time.sleep(0.2)


def _running(pid: int) -> bool:
    """The process runs (a zombie does not; ours is collected here)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.fixture(scope="session")
def _data_dirs() -> Iterator[list[Path]]:
    """Every APOLO_DISKS_DATA_DIR handed to a test; their services are stopped at the end."""
    dirs: list[Path] = []
    yield dirs
    for data_dir in dirs:
        _stop_leftover_service(data_dir)


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    _data_dirs: list[Path],
) -> None:
    """Never touch the real ~/.apolo, ~/.local/share or a configured service."""
    data_dir = tmp_path_factory.mktemp("disks-data")
    _data_dirs.append(data_dir)
    monkeypatch.setenv("APOLO_CONFIG", str(tmp_path_factory.mktemp("apolo-config")))
    monkeypatch.setenv("APOLO_DISKS_DATA_DIR", str(data_dir))
    monkeypatch.setenv("NEURO_CLI_DISABLE_PYPI_VERSION_CHECK", "1")
    for name in (
        "APOLO_DISKS_URL",
        "APOLO_DISKS_TOKEN",
        "APOLO_PASSED_CONFIG",
        "NEURO_PASSED_CONFIG",
        "APOLO_TOKEN",
        "NEURO_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def local_service(tmp_path: Path) -> AsyncIterator[LocalDiskService]:
    """A ``LocalDiskService`` on this test's event loop, with data in ``tmp_path / "svc"``."""
    async with LocalDiskService(tmp_path / "svc") as service:
        yield service


@dataclass
class ServiceProcess:
    """A service running as ``python -m apolo_disks_jupyter.server``."""

    url: str
    token: str = field(repr=False)
    data_dir: Path
    pid: int
    process: subprocess.Popen[bytes] = field(repr=False)
    log_file: Path = field(repr=False)

    def output(self) -> str:
        """Everything the process printed (stdout and stderr) so far."""
        return self.log_file.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout)

    def kill(self) -> None:
        self.stop(signal.SIGKILL)


def _wait_for_service(
    process: subprocess.Popen[bytes], data_dir: Path, timeout: float
) -> tuple[str, str, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the service exited with code {process.returncode}")
        try:
            info = json.loads((data_dir / "connection.json").read_bytes())
        except (OSError, ValueError):
            info = None
        if info and info.get("pid") == process.pid:
            origin = info["url"].removesuffix("/api/v1")
            try:
                with _OPENER.open(f"{origin}/ping", timeout=2) as reply:
                    if reply.read() == b"Pong":
                        return info["url"], info["token"], info["pid"]
            except OSError:
                pass
        time.sleep(0.02)
    raise RuntimeError(f"the service for {data_dir} did not start within {timeout} s")


def start_service_process(data_dir: Path, *args: str, timeout: float = 30) -> ServiceProcess:
    """Start ``python -m apolo_disks_jupyter.server --data-dir data_dir --port 0 *args``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    log_file = data_dir.parent / f"{data_dir.name}.{time.monotonic_ns()}.log"
    with log_file.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "apolo_disks_jupyter.server",
                "--data-dir",
                str(data_dir),
                "--port",
                "0",
                *args,
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        url, token, pid = _wait_for_service(process, data_dir, timeout)
    except BaseException:
        process.kill()
        process.wait()
        raise RuntimeError(
            f"service process failed: {log_file.read_text(errors='replace')}"
        ) from None
    return ServiceProcess(
        url=url, token=token, data_dir=data_dir, pid=pid, process=process, log_file=log_file
    )


@pytest.fixture(scope="session")
def service_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    """One service process for the whole session; use it from synchronous code."""
    service = start_service_process(tmp_path_factory.mktemp("service-process") / "data")
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture
def service_process_factory(
    tmp_path: Path,
) -> Iterator[Callable[..., ServiceProcess]]:
    """Start service processes (``factory(data_dir=None, *args)``); all stopped at the end."""
    started: list[ServiceProcess] = []

    def factory(data_dir: Path | None = None, *args: str) -> ServiceProcess:
        service = start_service_process(data_dir or tmp_path / "svc-process", *args)
        started.append(service)
        return service

    yield factory
    for service in started:
        service.stop()
