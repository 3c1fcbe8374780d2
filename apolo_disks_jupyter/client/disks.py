"""``Disks``: list, create, get and remove persistent disks (the seed API + ``project_name``)."""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import AsyncGenerator
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from yarl import URL

from ._aiter import AsyncIteratorContext
from ._wire import disks_from_wire
from .disk import Disk, disk_from_wire
from .errors import DisksError, InvalidArgument
from .references import check_name, parse_reference
from .units import parse_duration, parse_size

if TYPE_CHECKING:
    from .connection import Client


class _Required:
    """Marks ``life_span``/``timeout_unused`` as not given (None means "no limit")."""

    def __repr__(self) -> str:
        return "<required>"


_REQUIRED: Any = _Required()


def _disk_url(disks_url: URL, id_or_name: str) -> URL:
    # Percent-encode as one path segment even though references are already checked:
    # nothing a reference holds can become '/', '..', '?' or '#' in the path.
    segment = quote(id_or_name, safe="")
    return disks_url.with_path(disks_url.raw_path.rstrip("/") + "/" + segment, encoded=True)


def _check_scope(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgument(f"{what} must be a non-empty text, not {value!r}.")
    return value


def _where(cluster: str, org: str | None, project: str) -> str:
    return f"in project {project}" + (f" of org {org}" if org else "") + f" on cluster {cluster}"


class Disks:
    """Persistent disks: ``client.disks``. Disks can be mounted into jobs as volumes.

    Every method takes ``cluster_name``, ``org_name`` and ``project_name``; each defaults to
    the client's. A ``disk:`` or ``disk://`` reference's own project, org and cluster win.
    """

    def __init__(self, client: Client) -> None:
        self._client = client

    def _scope(self, cluster_name: str | None, org_name: str | None) -> tuple[str, URL, str | None]:
        cluster, disks_url = self._client._cluster(_check_scope(cluster_name, "cluster_name"))
        org = _check_scope(org_name, "org_name") or self._client._default_org(cluster)
        return cluster, disks_url, org

    def _project(self, cluster: str, org: str | None, project_name: str | None) -> str:
        project = _check_scope(project_name, "project_name") or self._client._default_project(
            cluster, org
        )
        if project is None:
            raise InvalidArgument(
                f"No project to use on cluster {cluster}"
                + (f" in org {org}" if org else "")
                + "; pass project_name=… (the platform lists none for this user)."
            )
        return project

    @staticmethod
    def _params(org: str | None, project: str | None) -> dict[str, str]:
        params = {}
        if org:
            params["org_name"] = org
        if project:
            params["project_name"] = project
        return params

    def list(
        self,
        cluster_name: str | None = None,
        *,
        org_name: str | None = None,
        project_name: str | None = None,
    ) -> AsyncIteratorContext[Disk]:
        """List disks: ``async with client.disks.list() as disks: async for disk in disks``.

        Parameters
        ----------
        cluster_name : str, optional
            Cluster to list. Default: the client's.
        org_name : str, optional
            Org to list. Default: the client's.
        project_name : str, optional
            Project to list. Default: every project the platform lists for the user in that
            cluster and org, asked concurrently and merged.

        Returns
        -------
        AsyncContextManager[AsyncIterator[Disk]]
            Yields ``Disk`` instances.
        """
        self._scope(cluster_name, org_name)  # bad arguments fail here, before iteration
        project = _check_scope(project_name, "project_name")
        return AsyncIteratorContext(self._list(cluster_name, org_name, project))

    async def _list(
        self, cluster_name: str | None, org_name: str | None, project: str | None
    ) -> AsyncGenerator[Disk, None]:
        for disk in await self._client._call(
            lambda: self._collect(cluster_name, org_name, project)
        ):
            yield disk

    async def _collect(
        self, cluster_name: str | None, org_name: str | None, project: str | None
    ) -> builtins.list[Disk]:
        cluster, disks_url, org = self._scope(cluster_name, org_name)
        if project is not None:
            projects: tuple[str, ...] = (project,)
        else:
            # Re-read /config: other kernels or tools may have made projects since connect().
            config = await self._client.refresh_config()
            projects = config.project_names(cluster, org)
        if len(projects) == 1:
            return await self._list_project(cluster, disks_url, org, projects[0])
        results = await asyncio.gather(
            *(self._list_project(cluster, disks_url, org, name) for name in projects),
            return_exceptions=True,
        )
        merged: dict[str, Disk] = {}
        for result in results:
            if isinstance(result, BaseException):
                raise result
            for disk in result:
                merged.setdefault(disk.id, disk)
        return builtins.list(merged.values())

    async def _list_project(
        self, cluster: str, disks_url: URL, org: str | None, project: str
    ) -> builtins.list[Disk]:
        payload = await self._client._core.request(
            "GET", disks_url, params=self._params(org, project)
        )
        if not isinstance(payload, list):
            raise DisksError("The disk service's list reply is not a JSON array.")
        return disks_from_wire(payload, cluster)

    async def create(
        self,
        storage: int,
        life_span: timedelta | None = _REQUIRED,
        name: str | None = None,
        cluster_name: str | None = None,
        org_name: str | None = None,
        *,
        project_name: str | None = None,
        timeout_unused: timedelta | None = _REQUIRED,
    ) -> Disk:
        """Create a disk of *storage* bytes.

        Parameters
        ----------
        storage : int
            Capacity in bytes (``parse_size("10G")`` turns CLI sizes into bytes; such text is
            accepted here too).
        life_span : datetime.timedelta or None
            How long the disk may stay unused before the platform deletes it; ``None`` (or a
            zero timedelta) means no limit. Required, as keyword or third positional.
        name : str, optional
            A name unique in the project: 3 to 40 lower-case letters, digits and single hyphens,
            starting with a letter.
        cluster_name, org_name : str, optional
            Where to create it. Default: the client's.
        project_name : str, optional
            Project to create it in. Default: the client's.
        timeout_unused : datetime.timedelta or None
            Today's apolo_sdk name of ``life_span``; give one of the two.

        Returns
        -------
        Disk
            The new disk (usually ``Pending`` at first).

        Raises
        ------
        InvalidArgument
            For a bad size, duration or name (nothing is sent).
        DiskNameConflict
            If the project already has a disk of that name.
        QuotaExceeded
            If the project's storage quota would be exceeded.
        """
        if life_span is _REQUIRED and timeout_unused is _REQUIRED:
            raise TypeError(
                "create() needs life_span (or its alias timeout_unused); None means no limit"
            )
        if life_span is not _REQUIRED and timeout_unused is not _REQUIRED:
            raise TypeError("create() takes life_span or timeout_unused, not both")
        duration = parse_duration(life_span if life_span is not _REQUIRED else timeout_unused)
        if isinstance(storage, bool) or not isinstance(storage, (int, str)):
            raise InvalidArgument(
                f"storage must be a whole number of bytes, not {storage!r} "
                f"({type(storage).__name__})."
            )
        size = parse_size(storage)
        check_name(name)

        async def send() -> Disk:
            cluster, disks_url, org = self._scope(cluster_name, org_name)
            body = {
                "storage": size,
                "life_span": duration.total_seconds() if duration else None,
                "name": name,
                "project_name": self._project(cluster, org, project_name),
                "org_name": org,
            }
            payload = await self._client._core.request("POST", disks_url, body=body)
            return self._disk(payload, cluster)

        self._scope(cluster_name, org_name)  # bad arguments fail before anything is sent
        return await self._client._call(send)

    async def get(
        self,
        disk_id_or_name: str,
        cluster_name: str | None = None,
        *,
        org_name: str | None = None,
        project_name: str | None = None,
    ) -> Disk:
        """Get the disk with id or name *disk_id_or_name*.

        Parameters
        ----------
        disk_id_or_name : str
            A disk id (``disk-…``), a name, or ``disk:NAME``, ``disk:/PROJECT/NAME``,
            ``disk://CLUSTER/ORG/PROJECT/ID``.
        cluster_name, org_name, project_name : str, optional
            Where to look. Default: the client's (a URI's own parts win).

        Returns
        -------
        Disk
            The disk.

        Raises
        ------
        DiskNotFound
            If no disk has that id or name there.
        """

        async def send() -> Disk:
            url, params, cluster, where = self._locate(
                disk_id_or_name, cluster_name, org_name, project_name
            )
            payload = await self._client._core.request("GET", url, params=params, not_found=where)
            return self._disk(payload, cluster)

        return await self._client._call(send)

    async def rm(
        self,
        disk_id_or_name: str,
        cluster_name: str | None = None,
        *,
        org_name: str | None = None,
        project_name: str | None = None,
    ) -> None:
        """Delete the disk with id or name *disk_id_or_name*; its name is free again after.

        Parameters
        ----------
        disk_id_or_name : str
            A disk id, a name or a ``disk:`` URI, as for ``get``.
        cluster_name, org_name, project_name : str, optional
            Where to look. Default: the client's (a URI's own parts win).

        Raises
        ------
        DiskNotFound
            If no disk has that id or name there.
        """
        url, params, _, where = self._locate(disk_id_or_name, cluster_name, org_name, project_name)
        await self._client._core.request("DELETE", url, params=params, not_found=where)

    def _locate(
        self,
        reference: str,
        cluster_name: str | None,
        org_name: str | None,
        project_name: str | None,
    ) -> tuple[URL, dict[str, str], str, str]:
        ref = parse_reference(reference)
        full_uri = ref.cluster_name is not None
        cluster, disks_url, org = self._scope(
            ref.cluster_name or cluster_name,
            ref.org_name if full_uri else org_name,
        )
        if full_uri and ref.org_name is None:
            org = None
        project = self._project(cluster, org, ref.project_name or project_name)
        return (
            _disk_url(disks_url, ref.id_or_name),
            self._params(org, project),
            cluster,
            _where(cluster, org, project),
        )

    @staticmethod
    def _disk(payload: Any, cluster: str) -> Disk:
        if not isinstance(payload, dict):
            raise DisksError("The disk service's reply is not a disk (not a JSON object).")
        return disk_from_wire(payload, cluster)


__all__ = ["Disks"]
