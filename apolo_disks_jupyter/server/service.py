"""``LocalDiskService``: the embedded disk service, started in-process or by ``__main__``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Coroutine
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import web

from .app import Activity, make_app
from .identity import load_or_create_token
from .layout import DataLayout
from .operations import DiskOperations
from .ownership import Ownership
from .repair import RepairReport, repair
from .settings import DEFAULT_QUOTA_BYTES, ServiceSettings, login_name
from .store import DiskStore
from .volumes import Volumes

log = logging.getLogger(__name__)


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):  # noqa: S104 - mapping a wildcard bind to a reachable address
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _log_failure(task: asyncio.Task[object]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("Background task of the local disk service failed", exc_info=task.exception())


class LocalDiskService:
    """The platform's disk API on this machine, one directory per disk under ``data_dir``.

    Use as an async context manager; ``url`` (the API base, ``…/api/v1``) and ``token`` are
    set once it is entered. Only one live service may own a data folder: entering raises
    ``ServiceAlreadyRunning`` (with the live one's ``url`` and ``pid``) when another process
    or another instance already serves it, so the caller can connect to that one instead.
    With ``idle_timeout`` the service stops by itself after that many seconds without a
    request; ``wait_stopped()`` returns then.
    """

    def __init__(
        self,
        data_dir: Path | str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        user: str | None = None,
        cluster: str = "local",
        org: str = "local",
        project: str = "default",
        quota_bytes: int = DEFAULT_QUOTA_BYTES,
        pending_seconds: float = 0.0,
        idle_timeout: float | None = None,
        usage_interval: float = 30.0,
        reaper_interval: float = 60.0,
        start_timeout: float = 30.0,
    ) -> None:
        self.data_dir = Path(data_dir).absolute()
        self.settings = ServiceSettings(
            user=user or login_name(),
            cluster=cluster,
            org=org,
            project=project,
            quota_bytes=quota_bytes,
            pending_seconds=pending_seconds,
            usage_interval=usage_interval,
            reaper_interval=reaper_interval,
        )
        self.pid = os.getpid()
        self.repair_report: RepairReport | None = None
        self._host = host
        self._port = port
        self._idle_timeout = idle_timeout
        self._start_timeout = start_timeout
        self._layout = DataLayout(self.data_dir)
        self._ownership = Ownership(self._layout)
        self._url: str | None = None
        self._token: str | None = None
        self._store: DiskStore | None = None
        self._operations: DiskOperations | None = None
        self._runner: web.AppRunner | None = None
        self._tasks: list[asyncio.Task[object]] = []
        self._stopped = asyncio.Event()
        self._stopping = False
        self._stop_task: asyncio.Task[None] | None = None

    def __repr__(self) -> str:
        return f"LocalDiskService(data_dir={str(self.data_dir)!r}, url={self._url!r})"

    @property
    def url(self) -> str:
        """The API base, ``http://127.0.0.1:PORT/api/v1``."""
        if self._url is None:
            raise RuntimeError("The local disk service is not running.")
        return self._url

    @property
    def token(self) -> str:
        if self._token is None:
            raise RuntimeError("The local disk service is not running.")
        return self._token

    @property
    def operations(self) -> DiskOperations:
        if self._operations is None:
            raise RuntimeError("The local disk service is not running.")
        return self._operations

    async def __aenter__(self) -> LocalDiskService:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        """Own the folder, repair it, serve, then publish ``connection.json``."""
        self._layout.prepare()
        await self._ownership.claim(self._start_timeout)
        try:
            await self._start_owned()
        except BaseException:
            await self._shutdown()
            raise

    async def _start_owned(self) -> None:
        self._token = await asyncio.to_thread(
            load_or_create_token, self._layout, self.settings.user
        )
        self._store = await asyncio.to_thread(DiskStore, self._layout.database)
        volumes = Volumes(self._layout)
        self.repair_report = await asyncio.to_thread(repair, self._store, volumes)
        self._operations = DiskOperations(self._store, volumes, self.settings)
        activity = Activity()
        app = make_app(self._operations, self._token, activity)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        port = self._runner.addresses[0][1]
        self._url = f"http://{_url_host(self._host)}:{port}/api/v1"
        s = self.settings
        identity = {"user": s.user, "cluster": s.cluster, "org": s.org, "project": s.project}
        self._ownership.publish(self._url, self._token, identity)
        self._spawn(self._operations.empty_trash())
        self._spawn(self._every(self.settings.usage_interval, self._operations.refresh_usage))
        self._spawn(self._every(self.settings.reaper_interval, self._operations.reap))
        if self._idle_timeout is not None:
            self._spawn(self._watch_idle(activity, self._idle_timeout))
        log.debug("Serving %s at %s", self.data_dir, self._url)

    def _spawn(self, coro: Coroutine[Any, Any, object]) -> None:
        task = asyncio.create_task(coro)
        task.add_done_callback(_log_failure)
        self._tasks.append(task)

    async def _every(self, seconds: float, job: Any) -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await job()
            except Exception:
                log.exception("Periodic job of the local disk service failed")

    async def _watch_idle(self, activity: Activity, idle_timeout: float) -> None:
        loop = asyncio.get_running_loop()
        while True:
            remaining = activity.last + idle_timeout - loop.time()
            if remaining <= 0:
                break
            await asyncio.sleep(remaining + 0.01)
        log.info("No request for %s s: stopping.", idle_timeout)
        # Shielded: stop() cancels the background tasks, this one included.
        await asyncio.shield(self.stop())

    def request_stop(self) -> None:
        """Stop soon (from a signal handler, for instance); ``wait_stopped()`` returns then."""
        if not self._stopping and self._stop_task is None:
            self._stop_task = asyncio.get_running_loop().create_task(self.stop())

    async def wait_stopped(self) -> None:
        await self._stopped.wait()

    async def stop(self) -> None:
        """Stop serving, give the folder up and remove ``connection.json``."""
        if self._stopping:
            await self._stopped.wait()
            return
        self._stopping = True
        await self._shutdown()

    async def _shutdown(self) -> None:
        current = asyncio.current_task()
        tasks = [task for task in self._tasks if task is not current]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._runner is not None:
            await self._runner.cleanup()
        if self._operations is not None:
            await asyncio.to_thread(self._operations.close)
        if self._store is not None:
            self._store.close()
        self._ownership.release()
        self._stopped.set()

    # -- for tests and tools: run a background job now ------------------------------------

    async def refresh_usage(self) -> None:
        """Measure every disk now (normally done every ``usage_interval`` seconds)."""
        await self.operations.refresh_usage()

    async def reap(self) -> list[str]:
        """Delete the disks unused past their life span now; their ids."""
        return await self.operations.reap()
