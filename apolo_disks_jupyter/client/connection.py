"""``connect()`` and ``Client``: find the disk service, log in, learn clusters and projects.

Where to connect is ``resolve.resolve_target``'s business (design.md's order).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Generator
from dataclasses import replace
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from yarl import URL

from .disks import Disks
from .errors import AuthenticationFailed, DisksError, InvalidArgument
from .http import HttpCore, ServiceUnreachable
from .login import RELOGIN, Target, username_from_token
from .platform_config import ClusterInfo, PlatformConfig, fetch_platform_config
from .resolve import named_target, resolve_target

T = TypeVar("T")

_AUTH_HINTS = {
    "arguments": "pass a valid token",
    "APOLO_DISKS_URL": "set APOLO_DISKS_TOKEN to a valid token",
    "APOLO_PASSED_CONFIG": "pass a fresh APOLO_PASSED_CONFIG",
    "apolo login": RELOGIN,
    "local service": "reconnect so the local service's current token is read again",
}


class Client:
    """A connection to one disk service: ``client.disks`` plus where and as whom it is connected.

    Make one with ``connect()``; use it only on the event loop that made it, and close it with
    ``await client.close()`` (or ``async with connect() as client``).

    Attributes
    ----------
    disks : Disks
        The disks API.
    url : str
        The API base (``…/api/v1``).
    cluster_name, org_name, project_name : str or None
        The defaults every call uses unless told otherwise.
    username : str or None
        The user name in the token (decoded without verification), if it is a JWT.
    source : str
        Where the connection came from: ``"arguments"``, ``"APOLO_DISKS_URL"``,
        ``"APOLO_PASSED_CONFIG"``, ``"apolo login"`` or ``"local service"``.
    local_data_dir : Path or None
        The embedded local service's data folder, when connected to it.
    """

    def __init__(
        self,
        target: Target,
        core: HttpCore,
        config: PlatformConfig,
        *,
        cluster_name: str | None = None,
        org_name: str | None = None,
        project_name: str | None = None,
    ) -> None:
        self._target = target
        self._core = core
        self._config = config
        self.url = target.url
        self.source = target.source
        self.local_data_dir = target.local_data_dir
        self.username = username_from_token(target.token)
        self.cluster_name: str = self._choose_cluster(cluster_name, target.cluster_name)
        cluster = config.clusters[self.cluster_name]
        self.org_name: str | None = _choose_org(cluster, config, org_name, target.org_name)
        self.project_name: str | None = (
            project_name or target.project_name or next(iter(self.projects), None)
        )
        self._revive_lock = asyncio.Lock()
        self.disks = Disks(self)

    @property
    def projects(self) -> tuple[str, ...]:
        """Names of the projects ``/config`` lists for this cluster and org, sorted."""
        return self._config.project_names(self.cluster_name, self.org_name)

    @property
    def clusters(self) -> tuple[str, ...]:
        """Names of the clusters ``/config`` lists."""
        return tuple(self._config.clusters)

    @property
    def timeout(self) -> float:
        """Seconds a request may take before ``ServiceUnavailable``."""
        return self._core.timeout

    @property
    def closed(self) -> bool:
        """True once ``close()`` has run."""
        return self._core.closed

    def __repr__(self) -> str:
        return (
            f"<Client {self.source} {self.url} user={self.username!r} "
            f"cluster={self.cluster_name!r} org={self.org_name!r} project={self.project_name!r}>"
        )

    async def close(self) -> None:
        """Close the HTTP session; the client cannot be used afterwards."""
        await self._core.close()

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def _choose_cluster(self, explicit: str | None, suggested: str | None) -> str:
        clusters = self._config.clusters
        if explicit is not None:
            if explicit not in clusters:
                known = ", ".join(clusters) or "none"
                raise InvalidArgument(f"Unknown cluster {explicit!r}; the platform lists: {known}.")
            return explicit
        usable = [name for name, info in clusters.items() if info.disks_url is not None]
        if suggested is not None and suggested in usable:
            return suggested
        if not usable:
            raise DisksError(f"The platform at {self.url} lists no cluster with a disk service.")
        return usable[0]

    def _cluster(self, name: str | None) -> tuple[str, URL]:
        """The cluster asked (default: the client's) and its ``disks_url``."""
        cluster_name = name or self.cluster_name
        info = self._config.clusters.get(cluster_name)
        if info is None:
            known = ", ".join(self._config.clusters) or "none"
            raise InvalidArgument(f"Unknown cluster {cluster_name!r}; the platform lists: {known}.")
        if info.disks_url is None:
            raise DisksError(f"Cluster {cluster_name!r} has no disk service.")
        return cluster_name, info.disks_url

    def _default_org(self, cluster_name: str) -> str | None:
        if cluster_name == self.cluster_name:
            return self.org_name
        return _choose_org(self._config.clusters[cluster_name], self._config, None, self.org_name)

    def _default_project(self, cluster_name: str, org_name: str | None) -> str | None:
        if cluster_name == self.cluster_name and org_name == self.org_name:
            return self.project_name
        return next(iter(self._config.project_names(cluster_name, org_name)), None)

    async def _call(self, operation: Callable[[], Awaitable[T]]) -> T:
        """Run ``operation``; if the embedded service has gone, start it again and retry once.

        Only when the connection itself was refused: then the request was never sent, so
        repeating even a create or delete is safe.
        """
        try:
            return await operation()
        except ServiceUnreachable:
            if self.source != "local service" or self.local_data_dir is None:
                raise
            await self._revive()
        return await operation()

    async def _revive(self) -> None:
        async with self._revive_lock:
            from .local import ensure_local_service

            info = await asyncio.to_thread(ensure_local_service, self.local_data_dir)
            self.url = info.url
            self._target = replace(self._target, url=info.url, token=info.token)
            self._core.set_token(info.token)
            await self.refresh_config()

    async def refresh_config(self) -> PlatformConfig:
        """Read ``/config`` again, so projects created since connecting show in ``projects``."""
        self._config = await fetch_platform_config(
            self._core, URL(self.url), token_sent=bool(self._target.token)
        )
        return self._config


def _choose_org(
    cluster: ClusterInfo,
    config: PlatformConfig,
    explicit: str | None,
    suggested: str | None,
) -> str | None:
    if explicit:
        return explicit
    # A cluster that lists no orgs still shows them through its projects.
    orgs = set(cluster.orgs) or {
        p.org_name for p in config.projects if p.cluster_name == cluster.name
    }
    if suggested and (not orgs or suggested in orgs):
        return suggested
    named = sorted(org for org in orgs if org)
    return named[0] if named else None


async def _connect(
    resolve: Callable[[], Target],
    *,
    cluster_name: str | None,
    org_name: str | None,
    project_name: str | None,
    timeout: float,
) -> Client:
    target = await asyncio.to_thread(resolve)
    if not target.url.startswith(("http://", "https://")):
        raise InvalidArgument(
            f"The disk service URL must start with http:// or https://, not {target.url!r}."
        )
    if not target.token:
        hint = "set APOLO_DISKS_TOKEN" if target.source == "APOLO_DISKS_URL" else "pass token=…"
        raise AuthenticationFailed(
            f"No token for the disk service at {target.url}; {hint} "
            "(or run `apolo login` for that URL)."
        )
    core = HttpCore(
        target.token,
        timeout=timeout,
        auth_hint=_AUTH_HINTS.get(target.source, "pass a valid token"),
    )
    try:
        try:
            config = await fetch_platform_config(
                core, URL(target.url), token_sent=bool(target.token)
            )
        except AuthenticationFailed as exc:
            raise AuthenticationFailed(
                f"{exc.message.rstrip('.')} ({target.source}); "
                f"{_AUTH_HINTS.get(target.source, 'pass a valid token')}.",
                status=exc.status,
            ) from None
        return Client(
            target,
            core,
            config,
            cluster_name=cluster_name,
            org_name=org_name,
            project_name=project_name,
        )
    except BaseException:
        await core.close()
        raise


class _Connecting:
    """What ``connect()`` returns: await it for a ``Client``, or use it with ``async with``."""

    __slots__ = ("_client", "_coro")

    def __init__(self, coro: Any) -> None:
        self._coro = coro
        self._client: Client | None = None

    def __await__(self) -> Generator[Any, None, Client]:
        client: Client = yield from self._coro.__await__()
        return client

    async def __aenter__(self) -> Client:
        self._client = await self._coro
        return self._client

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._client is not None:
            await self._client.close()


def connect(
    url: str | URL | None = None,
    token: str | None = None,
    *,
    cluster_name: str | None = None,
    org_name: str | None = None,
    project_name: str | None = None,
    timeout: float = 30.0,
    data_dir: str | Path | None = None,
) -> _Connecting:
    """Connect to a disk service: ``async with connect() as client`` or ``await connect()``.

    Parameters
    ----------
    url : str, optional
        The API base, e.g. ``https://api.apolo.us/api/v1`` or the local service's
        ``http://127.0.0.1:PORT/api/v1``. Default: ``APOLO_DISKS_URL``, then
        ``APOLO_PASSED_CONFIG``, then the user's ``apolo login``, then the embedded local
        service (started if needed).
    token : str, optional
        The Bearer token. Default: the token of the source ``url`` comes from.
    cluster_name, org_name, project_name : str, optional
        Defaults for every call. Default: the source's, else the first the platform lists.
    timeout : float
        Seconds each request may take (default 30).
    data_dir : str or Path, optional
        The local service's data folder (default ``APOLO_DISKS_DATA_DIR`` or the user data
        folder).

    Returns
    -------
    Client
        Connected, with ``client.disks``; close it when done.

    Raises
    ------
    AuthenticationFailed
        If the token is refused or the ``apolo login`` has expired.
    ServiceUnavailable
        If the service cannot be reached.
    """
    _check_timeout(timeout)
    folder = Path(data_dir) if data_dir is not None else None
    return _Connecting(
        _connect(
            partial(resolve_target, str(url) if url is not None else None, token, folder),
            cluster_name=cluster_name,
            org_name=org_name,
            project_name=project_name,
            timeout=timeout,
        )
    )


def connect_to(
    source: str | Target,
    *,
    cluster_name: str | None = None,
    org_name: str | None = None,
    project_name: str | None = None,
    timeout: float = 30.0,
    data_dir: str | Path | None = None,
) -> _Connecting:
    """Connect to one named source, skipping the others (``%disks use local``/``apolo``).

    Parameters
    ----------
    source : {"local service", "apolo login"} or Target
        ``"local service"`` finds or starts the embedded service of ``data_dir``;
        ``"apolo login"`` uses the user's ``apolo login`` even when environment variables
        point elsewhere; a ``Target`` is used as it is.
    cluster_name, org_name, project_name, timeout, data_dir
        As for ``connect()``.

    Returns
    -------
    Client
        As ``connect()`` does (await it or use ``async with``).
    """
    _check_timeout(timeout)
    folder = Path(data_dir).expanduser() if data_dir is not None else None
    return _Connecting(
        _connect(
            partial(named_target, source, folder),
            cluster_name=cluster_name,
            org_name=org_name,
            project_name=project_name,
            timeout=timeout,
        )
    )


def _check_timeout(timeout: float) -> None:
    if not (isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and timeout > 0):
        raise InvalidArgument(f"timeout must be a positive number of seconds, not {timeout!r}.")


__all__ = ["Client", "connect", "connect_to"]
