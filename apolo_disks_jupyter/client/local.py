"""Finding, or starting, the embedded local disk service of a data folder.

Kernels that share a folder share one service, found through ``DIR/connection.json``. When
none answers, one is started as a process of its own (``python -m apolo_disks_jupyter.server``)
that stops by itself after 30 minutes without requests. This module only talks to it over
HTTP and never imports the service.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ServiceUnavailable

DATA_DIR_ENV = "APOLO_DISKS_DATA_DIR"
IDLE_TIMEOUT_SECONDS = 1800
# A plain opener: loopback requests must never go through an HTTP proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
# Started services, so that their exit is collected (a zombie would look alive to a pid check).
_STARTED: list[subprocess.Popen[bytes]] = []


@dataclass(frozen=True)
class LocalServiceInfo:
    """Where the local service of ``data_dir`` answers, and its token (hidden from repr)."""

    url: str
    token: str = field(repr=False)
    pid: int
    data_dir: Path
    cluster_name: str | None = None
    org_name: str | None = None
    project_name: str | None = None


def default_data_dir() -> Path:
    """``$APOLO_DISKS_DATA_DIR``, else the user data folder (e.g. ~/.local/share/apolo-disks)."""
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("apolo-disks", appauthor=False))


def _read_connection(data_dir: Path) -> LocalServiceInfo | None:
    try:
        payload = json.loads((data_dir / "connection.json").read_bytes())
        return LocalServiceInfo(
            url=str(payload["url"]),
            token=str(payload["token"]),
            pid=int(payload["pid"]),
            data_dir=data_dir,
            cluster_name=payload.get("cluster"),
            org_name=payload.get("org"),
            project_name=payload.get("project"),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _answers(info: LocalServiceInfo, timeout: float = 2.0) -> bool:
    """The service pings and accepts the token: it is the live service of this folder."""
    base = info.url.rstrip("/")
    origin = base[: -len("/api/v1")] if base.endswith("/api/v1") else base
    try:
        with _OPENER.open(f"{origin}/ping", timeout=timeout) as reply:
            if reply.status != 200 or reply.read() != b"Pong":
                return False
        request = urllib.request.Request(  # noqa: S310 - the URL is our own loopback service
            f"{base}/config", headers={"Authorization": f"Bearer {info.token}"}
        )
        with _OPENER.open(request, timeout=timeout) as reply:
            return bool(reply.status == 200)
    except (OSError, ValueError):
        return False


def _live(data_dir: Path) -> LocalServiceInfo | None:
    for process in _STARTED:
        process.poll()
    info = _read_connection(data_dir)
    if info is not None and _pid_alive(info.pid) and _answers(info):
        return info
    return None


def _start(data_dir: Path) -> subprocess.Popen[bytes]:
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = dict(os.environ)
    # Run from a source checkout as well as from an installed package.
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    log_fd = os.open(data_dir / "service.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "apolo_disks_jupyter.server",
                "--data-dir",
                str(data_dir),
                "--idle-timeout",
                str(IDLE_TIMEOUT_SECONDS),
            ],
            stdin=subprocess.DEVNULL,
            stdout=log_fd,
            stderr=log_fd,
            env=env,
            start_new_session=True,  # outlives the kernel's process group (Ctrl-C, restarts)
        )
    finally:
        os.close(log_fd)
    _STARTED.append(process)
    return process


def _log_tail(data_dir: Path, lines: int = 5) -> str:
    try:
        text = (data_dir / "service.log").read_text(errors="replace")
    except OSError:
        return ""
    return " | ".join(text.strip().splitlines()[-lines:])


def ensure_local_service(
    data_dir: Path | None = None, *, start: bool = True, timeout: float = 30
) -> LocalServiceInfo:
    """The live local service of ``data_dir`` (default: ``default_data_dir()``).

    Starts one when none answers and ``start`` is true; raises ServiceUnavailable when none
    answers (``start=False``) or it does not come up within ``timeout`` seconds.
    """
    folder = (data_dir if data_dir is not None else default_data_dir()).expanduser().absolute()
    info = _live(folder)
    if info is not None:
        return info
    if not start:
        raise ServiceUnavailable(f"No local disk service is running for {folder}.")
    process = _start(folder)
    deadline = time.monotonic() + timeout
    delay = 0.02
    while time.monotonic() < deadline:
        info = _live(folder)
        if info is not None:
            return info
        code = process.poll()
        if code not in (None, 0):
            tail = _log_tail(folder)
            raise ServiceUnavailable(
                f"The local disk service for {folder} failed to start (exit code {code})"
                + (f": {tail}" if tail else ".")
            )
        time.sleep(delay)
        delay = min(delay * 1.5, 0.05)
    raise ServiceUnavailable(
        f"The local disk service for {folder} did not answer within {timeout:g} seconds; "
        f"see {folder / 'service.log'}."
    )


__all__ = ["LocalServiceInfo", "default_data_dir", "ensure_local_service"]
