"""What ``GET {url}/config`` tells a client: clusters with their ``disks_url``, orgs, projects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yarl import URL

from .errors import AuthenticationFailed, DisksError
from .http import HttpCore


@dataclass(frozen=True)
class ClusterInfo:
    """A cluster the user may use, and where its disk service lives."""

    name: str
    disks_url: URL | None
    orgs: tuple[str | None, ...]


@dataclass(frozen=True)
class ProjectInfo:
    """A project the user belongs to."""

    name: str
    cluster_name: str
    org_name: str | None


@dataclass(frozen=True)
class PlatformConfig:
    """The parts of the platform's ``/config`` reply this client needs."""

    clusters: dict[str, ClusterInfo]
    projects: tuple[ProjectInfo, ...]

    def project_names(self, cluster_name: str, org_name: str | None) -> tuple[str, ...]:
        """Names of the known projects of one cluster and org, sorted."""
        return tuple(
            sorted(
                {
                    project.name
                    for project in self.projects
                    if project.cluster_name == cluster_name and project.org_name == org_name
                }
            )
        )


def _orgs(value: Any) -> tuple[str | None, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item if isinstance(item, str) and item else None for item in value)


def parse_platform_config(payload: Any, *, token_sent: bool) -> PlatformConfig:
    """Read a ``/config`` reply; unknown fields are ignored.

    Raises
    ------
    AuthenticationFailed
        If a token was sent and the platform says the user is not authorized.
    DisksError
        If the reply is not a ``/config`` reply.
    """
    if not isinstance(payload, dict):
        raise DisksError("The platform's /config reply is not a JSON object.")
    if token_sent and payload.get("authorized") is not True:
        raise AuthenticationFailed("The platform did not accept the token (not authorized).")
    clusters: dict[str, ClusterInfo] = {}
    for item in payload.get("clusters") or []:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        disks_url = item.get("disks_url")
        clusters[item["name"]] = ClusterInfo(
            name=item["name"],
            disks_url=URL(disks_url) if isinstance(disks_url, str) and disks_url else None,
            orgs=_orgs(item.get("orgs")),
        )
    projects = []
    for item in payload.get("projects") or []:
        if (
            isinstance(item, dict)
            and isinstance(item.get("name"), str)
            and isinstance(item.get("cluster_name"), str)
        ):
            org = item.get("org_name")
            projects.append(
                ProjectInfo(
                    item["name"], item["cluster_name"], org if isinstance(org, str) else None
                )
            )
    return PlatformConfig(clusters, tuple(projects))


async def fetch_platform_config(core: HttpCore, url: URL, *, token_sent: bool) -> PlatformConfig:
    """``GET {url}/config`` with the token, read by ``parse_platform_config``."""
    payload = await core.request("GET", url / "config")
    return parse_platform_config(payload, token_sent=token_sent)


__all__ = [
    "ClusterInfo",
    "PlatformConfig",
    "ProjectInfo",
    "fetch_platform_config",
    "parse_platform_config",
]
