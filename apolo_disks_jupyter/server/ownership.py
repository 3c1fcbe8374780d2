"""One live service per data folder, and its connection file.

Two ``flock`` locks: ``service.lock`` is held by the owning service for its whole life (the
kernel releases it when the process dies, even by SIGKILL), and ``start.lock`` is held only
while a service checks for an owner, repairs the folder and publishes ``connection.json``, so
that check-and-start is atomic across processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import os
import time
from dataclasses import dataclass, field
from typing import IO

import aiohttp
from yarl import URL

from .layout import DataLayout, write_private


class ServiceAlreadyRunning(Exception):
    """Another live service owns the data folder; use it at ``url``."""

    def __init__(self, data_dir: str, url: str, pid: int) -> None:
        super().__init__(f"A local disk service for {data_dir} already runs at {url} (pid {pid}).")
        self.url = url
        self.pid = pid


class FolderBusy(Exception):
    """The folder is owned by a process that does not answer."""


@dataclass(frozen=True)
class ConnectionInfo:
    url: str
    pid: int
    token: str = field(repr=False)


def read_connection(layout: DataLayout) -> ConnectionInfo | None:
    try:
        payload = json.loads(layout.connection_file.read_bytes())
        return ConnectionInfo(str(payload["url"]), int(payload["pid"]), str(payload["token"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


async def answers_ping(url: str, timeout: float = 2.0) -> bool:
    ping = URL(url).origin() / "ping"
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.get(ping) as response,
        ):
            return response.status == 200 and (await response.text()) == "Pong"
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        return False


def _try_lock(file: IO[bytes]) -> bool:
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class Ownership:
    """This process's claim on a data folder."""

    def __init__(self, layout: DataLayout) -> None:
        self._layout = layout
        self._start: IO[bytes] | None = None
        self._service: IO[bytes] | None = None

    async def claim(self, timeout: float) -> None:
        """Own the folder, holding the start lock until ``publish``.

        Raises ServiceAlreadyRunning when a live service owns it, FolderBusy when its owner
        does not answer within ``timeout``.
        """
        deadline = time.monotonic() + timeout
        while True:
            if await asyncio.to_thread(self._claim_once, deadline):
                return
            info = read_connection(self._layout)
            if info is not None and pid_alive(info.pid) and await answers_ping(info.url):
                raise ServiceAlreadyRunning(str(self._layout.root), info.url, info.pid)
            # The owner is starting, stopping or stuck: wait for it to answer or let go.
            if time.monotonic() >= deadline:
                raise FolderBusy(
                    f"The data folder {self._layout.root} is held by "
                    f"{'pid ' + str(info.pid) if info else 'another process'}, which does "
                    "not answer; stop it or use another data folder."
                )
            await asyncio.sleep(0.1)

    def _claim_once(self, deadline: float) -> bool:
        start = self._layout.start_lock.open("ab")
        while not _try_lock(start):
            if time.monotonic() >= deadline:
                start.close()
                raise FolderBusy(
                    f"Another process has been starting a service for {self._layout.root} "
                    "for too long."
                )
            time.sleep(0.02)
        service = self._layout.service_lock.open("ab")
        if _try_lock(service):
            self._start, self._service = start, service
            return True
        service.close()
        start.close()
        return False

    def publish(self, url: str, token: str, identity: dict[str, str]) -> None:
        """Write ``connection.json`` (0600, atomically) and let other starters look.

        ``identity`` (user, cluster, org, project) lets a kernel that reconnects keep the
        service's default project instead of guessing one from ``/config``.
        """
        payload = {"url": url, "token": token, "pid": os.getpid(), **identity}
        write_private(
            self._layout.connection_file, json.dumps(payload).encode(), tmp_dir=self._layout.tmp
        )
        self._release_start()

    def _release_start(self) -> None:
        if self._start is not None:
            self._start.close()
            self._start = None

    def release(self) -> None:
        """Give the folder up: remove ``connection.json`` if it is ours, then unlock."""
        self._release_start()
        if self._service is None:
            return
        info = read_connection(self._layout)
        if info is not None and info.pid == os.getpid():
            with contextlib.suppress(FileNotFoundError):
                self._layout.connection_file.unlink()
        self._service.close()
        self._service = None
