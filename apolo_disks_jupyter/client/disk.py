"""The ``Disk`` record and its wire form (the platform's disk JSON)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any

from yarl import URL

from .errors import DisksError


@dataclass(frozen=True)
class Disk:
    """*Read-only* description of a persistent disk, as the platform reports it."""

    id: str
    storage: int
    owner: str
    status: Disk.Status
    cluster_name: str
    project_name: str
    org_name: str | None
    created_at: datetime
    last_usage: datetime | None = None
    name: str | None = None
    timeout_unused: timedelta | None = None
    used_bytes: int | None = None

    class Status(Enum):
        """Lifecycle of a disk: ``PENDING`` → ``READY``, or ``BROKEN`` once its volume is lost."""

        PENDING = "Pending"
        READY = "Ready"
        BROKEN = "Broken"

    @property
    def uri(self) -> URL:
        """``disk://cluster/org/project/id``: always the id, never the name."""
        return URL(uri_text(self))

    @property
    def life_span(self) -> timedelta | None:
        """The wire name of ``timeout_unused`` (the seed API's name)."""
        return self.timeout_unused

    @property
    def expires_at(self) -> datetime | None:
        """When the platform deletes the disk if it stays unused; None when there is no limit."""
        if not self.timeout_unused:
            return None
        return (self.last_usage or self.created_at) + self.timeout_unused


def uri_text(disk: Disk) -> str:
    """``str(disk.uri)`` without building a URL object (cheap for thousands of disks)."""
    if disk.org_name:
        return f"disk://{disk.cluster_name}/{disk.org_name}/{disk.project_name}/{disk.id}"
    return f"disk://{disk.cluster_name}/{disk.project_name}/{disk.id}"


def parse_timestamp(text: str) -> datetime:
    """An ISO 8601 timestamp; one without an offset is taken as UTC."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


def disk_from_wire(payload: Mapping[str, Any], cluster_name: str) -> Disk:
    """Build a ``Disk`` from the platform's disk JSON; unknown extra keys are ignored."""
    try:
        life_span = payload.get("life_span")
        last_usage = payload.get("last_usage")
        used_bytes = payload.get("used_bytes")
        return Disk(
            id=payload["id"],
            storage=int(payload["storage"]),
            owner=payload["owner"],
            status=Disk.Status(payload["status"]),
            cluster_name=cluster_name,
            project_name=payload.get("project_name") or payload["owner"],
            org_name=payload.get("org_name") or None,
            created_at=parse_timestamp(payload["created_at"]),
            last_usage=parse_timestamp(last_usage) if last_usage else None,
            name=payload.get("name") or None,
            timeout_unused=timedelta(seconds=life_span) if life_span else None,
            used_bytes=int(used_bytes) if used_bytes is not None else None,
        )
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise DisksError(
            f"The disk service sent a disk this client cannot read ({exc!r})."
        ) from None


def disk_to_wire(disk: Disk) -> dict[str, Any]:
    """The platform's disk JSON for ``disk`` (every key present; timestamps with an offset)."""
    return {
        "id": disk.id,
        "storage": disk.storage,
        "status": disk.status.value,
        "owner": disk.owner,
        "name": disk.name,
        "org_name": disk.org_name,
        "project_name": disk.project_name,
        "created_at": disk.created_at.isoformat(),
        "last_usage": disk.last_usage.isoformat() if disk.last_usage else None,
        "life_span": disk.timeout_unused.total_seconds() if disk.timeout_unused else None,
        "used_bytes": disk.used_bytes,
    }


__all__ = ["Disk", "disk_from_wire", "disk_to_wire", "parse_timestamp", "uri_text"]
