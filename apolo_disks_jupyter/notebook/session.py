"""The kernel's one connection to a disk service, driven from a private event-loop thread.

A kernel cell already runs inside an event loop, so client calls cannot use ``asyncio.run``.
Instead one daemon thread per process runs its own loop, owns the aiohttp session and the
connected ``Client``; the magic blocks on it (``run``) and the panel submits to it
(``submit``). The same code works in JupyterLab, Voila, nbclient/nbval and plain ``ipython``.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..client.errors import DisksError, InvalidArgument, ServiceUnavailable

if TYPE_CHECKING:
    from ..client.connection import Client

T = TypeVar("T")
ClientCall = Callable[["Client"], Awaitable[T]]

PROGRESS_DELAY = 1.0  # seconds before a call shows progress
_TICK = 0.1
_CANCEL_WAIT = 5.0
_CLOSE_WAIT = 10.0
LOCAL_SOURCE = "local service"


@dataclass(frozen=True)
class ConnectionDescription:
    """Where the kernel is connected, and as whom (never the token)."""

    source: str
    url: str
    username: str | None
    cluster_name: str
    org_name: str | None
    project_name: str | None
    local_data_dir: Path | None = None
    projects: tuple[str, ...] = ()

    @property
    def is_local(self) -> bool:
        return self.source == LOCAL_SOURCE

    def __str__(self) -> str:
        if self.is_local:
            where = f"the embedded local service at {self.url} (data in {self.local_data_dir})"
        else:
            where = f"{self.url} (from {self.source})"
        lines = [
            f"Connected to {where}",
            f"  user     {self.username or 'unknown'}",
            f"  cluster  {self.cluster_name}",
            f"  org      {self.org_name or '–'}",
            f"  project  {self.project_name or '–'}",
        ]
        others = [name for name in self.projects if name != self.project_name]
        if others:
            lines.append(f"  also     {', '.join(others)}")
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


@dataclass(frozen=True)
class _Backend:
    """What ``use()`` chose: ``auto`` follows design.md's order."""

    kind: str  # "auto" | "local" | "apolo" | "url"
    url: str | None = None
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class _Options:
    cluster_name: str | None = None
    org_name: str | None = None
    project_name: str | None = None
    timeout: float = 30.0


@dataclass
class _Connection:
    client: Client
    source: str
    local_data_dir: Path | None
    options: _Options


class _Progress:
    """``label… 2.1 s`` after a second, updated in place, removed when done."""

    def __init__(self, label: str, delay: float = PROGRESS_DELAY) -> None:
        self.label = label
        self.delay = delay
        self.started = time.monotonic()
        self._handle: Any = None
        self._width = 0
        self._kernel = _in_kernel()

    @property
    def shown(self) -> bool:
        return self._handle is not None or self._width > 0

    def tick(self) -> None:
        elapsed = time.monotonic() - self.started
        if elapsed < self.delay:
            return
        text = f"{self.label}… {elapsed:.1f} s"
        if self._kernel:
            from IPython.display import display

            if self._handle is None:
                self._handle = display(  # type: ignore[no-untyped-call]
                    {"text/plain": text}, raw=True, display_id=True
                )
            else:
                self._handle.update({"text/plain": text}, raw=True)
        elif _is_terminal(sys.stderr):
            # Only a terminal can rewrite a line in place; piped output stays clean.
            sys.stderr.write("\r" + text)
            sys.stderr.flush()
            self._width = len(text)

    def clear(self) -> None:
        if self._handle is not None:
            self._handle.update({"text/plain": ""}, raw=True)
            self._handle = None
        elif self._width:
            sys.stderr.write("\r" + " " * self._width + "\r")
            sys.stderr.flush()
            self._width = 0


def _forget_outcome(future: concurrent.futures.Future[Any]) -> None:
    # Read the outcome so a failed warm-up is not reported as "never retrieved".
    if not future.cancelled():
        future.exception()


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _in_kernel() -> bool:
    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    return getattr(get_ipython(), "kernel", None) is not None


class _Tracker:
    """Lets an interrupted caller wait until the cancelled call has really finished."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.settled = threading.Event()


class Session:
    """The process's connection to a disk service (see ``get_session``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._connection: _Connection | None = None
        self._connecting: asyncio.Lock | None = None
        self._backend = _Backend("auto")
        self._options = _Options()
        self._warming: concurrent.futures.Future[_Connection] | None = None

    def __repr__(self) -> str:
        state = "connected" if self._connection is not None else "not connected"
        return f"<Session {self._backend.kind} {state}>"

    # -- public API -----------------------------------------------------------------------

    def run(
        self,
        fn: ClientCall[T],
        label: str = "working",
        *,
        meanwhile: Callable[[], object] | None = None,
    ) -> T:
        """Run ``fn(client)`` on the session's loop and return its result (blocking).

        A call slower than a second shows ``label… 2.1 s``; Ctrl-C (or the kernel's
        Interrupt) cancels it and leaves the session usable. ``meanwhile`` runs on the
        calling thread while the request is in flight (e.g. importing what the reply needs).
        """
        tracker = _Tracker()
        future = self._start(self._call(fn, tracker))
        if meanwhile is not None:
            try:
                meanwhile()
            except BaseException:
                future.cancel()
                raise
        return self._wait(future, tracker, label)

    def warm_up(self) -> None:
        """Start connecting in the background, so the first command finds the connection made.

        On the embedded service this also starts the service process while the kernel goes
        on. Failures stay quiet here: the next command connects again and reports them.
        """
        if self._connection is not None or self._warming is not None:
            return
        warming = self._start(self._connected())
        warming.add_done_callback(_forget_outcome)
        self._warming = warming

    def submit(self, fn: ClientCall[T]) -> concurrent.futures.Future[T]:
        """Start ``fn(client)`` on the session's loop and return at once (for widget clicks)."""
        return self._start(self._call(fn, _Tracker()))

    def use(self, target: str, token: str | None = None) -> ConnectionDescription:
        """Switch this kernel to ``"local"``, ``"apolo"``, ``"auto"`` or a service URL.

        The new connection is made first; if it fails, the previous one stays in use.
        """
        backend = parse_target(target, token)
        return self._run_sync(self._switch(backend), f"connecting to {backend.kind}")

    def configure(
        self,
        *,
        cluster_name: str | None = None,
        org_name: str | None = None,
        project_name: str | None = None,
        timeout: float | None = None,
    ) -> None:
        """Set the defaults the next connection uses; an open connection is replaced lazily."""
        options = _Options(
            cluster_name or None,
            org_name or None,
            project_name or None,
            float(timeout) if timeout else self._options.timeout,
        )
        # An open connection made with other defaults is replaced on its next use.
        self._options = options

    def describe(self) -> ConnectionDescription:
        """Where the session is connected, and as whom (connecting first if needed)."""
        return self.run(self.describe_on_loop, label="connecting")

    def close(self) -> None:
        """Close the client on its loop and stop the thread; the next call starts afresh."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        warming, self._warming = self._warming, None
        if warming is not None and not warming.done():
            warming.cancel()
        if loop is None or thread is None or not thread.is_alive():
            return
        try:
            asyncio.run_coroutine_threadsafe(self._disconnect(), loop).result(_CLOSE_WAIT)
        except (concurrent.futures.TimeoutError, RuntimeError, DisksError):
            pass
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(_CLOSE_WAIT)
            if not thread.is_alive():
                loop.close()

    @property
    def backend(self) -> str:
        """``auto``, ``local``, ``apolo`` or ``url``: what ``use()`` last chose."""
        return self._backend.kind

    @property
    def connected(self) -> bool:
        return self._connection is not None

    # -- the loop thread --------------------------------------------------------------------

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._thread is None or not self._thread.is_alive():
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=_run_forever, args=(loop,), name="apolo-disks-loop", daemon=True
                )
                thread.start()
                self._loop, self._thread = loop, thread
                self._connection = None
                self._connecting = None
            return self._loop

    def _start(self, coro: Awaitable[T]) -> concurrent.futures.Future[T]:
        loop = self._ensure_loop()
        return asyncio.run_coroutine_threadsafe(_as_coroutine(coro), loop)

    def _run_sync(self, coro: Awaitable[T], label: str) -> T:
        tracker = _Tracker()

        async def tracked() -> T:
            tracker.started.set()
            try:
                return await coro
            finally:
                tracker.settled.set()

        return self._wait(self._start(tracked()), tracker, label)

    def _wait(self, future: concurrent.futures.Future[T], tracker: _Tracker, label: str) -> T:
        progress = _Progress(label)
        try:
            while True:
                done, _ = concurrent.futures.wait([future], timeout=self._next_wait(progress))
                if done:
                    break
                progress.tick()
        except KeyboardInterrupt:
            future.cancel()
            # Wait until the request has really been cancelled, so its connection is released
            # before the next cell runs.
            if tracker.started.is_set():
                tracker.settled.wait(_CANCEL_WAIT)
            raise
        finally:
            progress.clear()
        return future.result()

    @staticmethod
    def _next_wait(progress: _Progress) -> float:
        if progress.shown:
            return _TICK
        return max(progress.delay - (time.monotonic() - progress.started), 0.0) or _TICK

    # -- coroutines on the loop ---------------------------------------------------------------

    async def _call(self, fn: ClientCall[T], tracker: _Tracker) -> T:
        tracker.started.set()
        try:
            connection = await self._connected()
            try:
                return await fn(connection.client)
            except ServiceUnavailable as exc:
                # The embedded service may have stopped (idle timeout, killed): start another
                # and try once more. Only for a refused connection, which changed nothing.
                if exc.status is not None or connection.source != LOCAL_SOURCE:
                    raise
                if await asyncio.to_thread(_local_service_alive, connection):
                    raise
                await self._disconnect(connection)
                connection = await self._connected()
                return await fn(connection.client)
        finally:
            tracker.settled.set()

    async def _connected(self) -> _Connection:
        if self._connecting is None:
            self._connecting = asyncio.Lock()
        async with self._connecting:
            current = self._connection
            if current is not None and current.options != self._options:
                await self._disconnect(current)
                current = None
            if current is None or current.client.closed:
                current = self._connection = await self._open(self._backend)
            return current

    async def _open(self, backend: _Backend) -> _Connection:
        opts = self._options
        scope: dict[str, Any] = {
            "cluster_name": opts.cluster_name,
            "org_name": opts.org_name,
            "project_name": opts.project_name,
            "timeout": opts.timeout,
        }
        if backend.kind == "auto":
            return await self._open_auto(scope, opts)
        from ..client.connection import connect

        if backend.kind == "local":
            from ..client.local import ensure_local_service

            info = await asyncio.to_thread(ensure_local_service)
            client = await connect(info.url, info.token, **scope)
            return _Connection(client, LOCAL_SOURCE, info.data_dir, opts)
        if backend.kind == "apolo":
            from ..client.login import apolo_config_dir, from_apolo_login

            login = await asyncio.to_thread(from_apolo_login)
            if login is None:
                raise DisksError(
                    f"No apolo login found in {apolo_config_dir()}; run `apolo login` first, "
                    "or use `%disks use local`."
                )
            for key in ("cluster_name", "org_name", "project_name"):
                scope[key] = scope[key] or getattr(login, key)
            client = await connect(login.url, login.token, **scope)
            return _Connection(client, login.source, None, opts)
        client = await connect(backend.url, backend.token, **scope)
        return _Connection(client, client.source, client.local_data_dir, opts)

    async def _open_auto(self, scope: dict[str, Any], opts: _Options) -> _Connection:
        from ..client.resolve import resolve_target

        # Find (or start) the service before loading the HTTP client: a service process
        # started here boots on another core while aiohttp is imported on this one.
        resolving = asyncio.get_running_loop().run_in_executor(
            None, resolve_target, None, None, None
        )
        from ..client.connection import connect_to

        client = await connect_to(await resolving, **scope)
        return _Connection(client, client.source, client.local_data_dir, opts)

    async def _switch(self, backend: _Backend) -> ConnectionDescription:
        if self._connecting is None:
            self._connecting = asyncio.Lock()
        async with self._connecting:
            fresh = await self._open(backend)
            old, self._connection, self._backend = self._connection, fresh, backend
        if old is not None:
            await old.client.close()
        return _description(fresh)

    async def describe_on_loop(self, _: Client) -> ConnectionDescription:
        """``describe()`` for code already running on the session's loop (it cannot block)."""
        connection = await self._connected()
        return _description(connection)

    async def _disconnect(self, expected: _Connection | None = None) -> None:
        connection = self._connection
        if connection is None or (expected is not None and connection is not expected):
            return
        self._connection = None
        await connection.client.close()


def _local_service_alive(connection: _Connection) -> bool:
    """True if the local service the connection used still runs (so retrying could repeat)."""
    from ..client.local import ensure_local_service

    try:
        info = ensure_local_service(connection.local_data_dir, start=False)
    except Exception:  # any failure to find it means it has gone
        return False
    return info.url.rstrip("/") == connection.client.url.rstrip("/")


def _description(connection: _Connection) -> ConnectionDescription:
    client = connection.client
    return ConnectionDescription(
        source=connection.source,
        url=client.url,
        username=client.username,
        cluster_name=client.cluster_name,
        org_name=client.org_name,
        project_name=client.project_name,
        local_data_dir=connection.local_data_dir,
        projects=client.projects,
    )


def parse_target(target: str, token: str | None = None) -> _Backend:
    """Check what ``use()`` was given (nothing is contacted); InvalidArgument if wrong."""
    if not isinstance(target, str) or not target.strip():
        raise InvalidArgument("Say what to use: local, apolo, auto or a URL like https://…/api/v1.")
    target = target.strip()
    if target in ("local", "apolo", "auto"):
        if token is not None:
            raise InvalidArgument(f"A token goes with a URL, not with {target!r}.")
        return _Backend(target)
    if not target.startswith(("http://", "https://")):
        raise InvalidArgument(
            f"Cannot use {target!r}: say local, apolo, auto or a URL starting with http:// or "
            "https:// (the API base, e.g. https://api.apolo.us/api/v1)."
        )
    return _Backend("url", target, token)


async def _as_coroutine(awaitable: Awaitable[T]) -> T:
    return await awaitable


def _run_forever(loop: asyncio.AbstractEventLoop) -> None:
    asyncio.set_event_loop(loop)
    loop.run_forever()


_session: Session | None = None
_session_lock = threading.Lock()


def get_session() -> Session:
    """The process's one ``Session`` (made on first use, closed at exit)."""
    global _session
    with _session_lock:
        if _session is None:
            _session = Session()
            atexit.register(_session.close)
        return _session


__all__ = ["ConnectionDescription", "Session", "get_session", "parse_target"]
