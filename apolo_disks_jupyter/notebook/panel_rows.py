"""What the panel syncs to the browser, kept small: a disk is one short JSON array.

``[id, name, status, storage, used_bytes, created, last_usage, expires, project]`` with times as
whole epoch seconds and ``null`` for unknown or never: about 150 bytes a disk, where the
disk's wire JSON or a DataFrame row would be several times that.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..client.disk import Disk
    from .session import ConnectionDescription

Row = list[Any]


def _epoch(moment: datetime | None) -> int | None:
    return None if moment is None else math.floor(moment.timestamp())


def disk_row(disk: Disk) -> Row:
    """The compact array the front end reads (see ``js/src/rows.js``)."""
    return [
        disk.id,
        disk.name,
        disk.status.value,
        disk.storage,
        disk.used_bytes,
        _epoch(disk.created_at),
        _epoch(disk.last_usage),
        _epoch(disk.expires_at),
        disk.project_name,
    ]


def connection_info(description: ConnectionDescription) -> dict[str, Any]:
    """The header's view of the connection: where, as whom; never the token."""
    if description.is_local:
        where = "local service"
        if description.local_data_dir is not None:
            where_title = f"data in {description.local_data_dir}"
        else:
            where_title = ""
    else:
        org = f"/{description.org_name}" if description.org_name else ""
        where = f"{description.cluster_name}{org} ({description.source})"
        where_title = ""
    return {
        "state": "connected",
        "where": where,
        "user": description.username or "",
        "url": description.url,
        "detail": where_title,
        "project": description.project_name or "",
        "cluster": description.cluster_name,
        "org": description.org_name or "",
    }


def describe_scope(description: ConnectionDescription | None, scope: str | None) -> str:
    """``in project default — local service, user alice`` — for the text repr."""
    if description is None:
        return "— not connected"
    what = "in all projects" if not scope else f"in project {scope}"
    if description.is_local:
        where = "local service"
    else:
        org = f"/{description.org_name}" if description.org_name else ""
        where = f"{description.cluster_name}{org}"
    who = f", user {description.username}" if description.username else ""
    return f"{what} — {where}{who}"


def disks_table(disks: list[Disk], limit: int = 20) -> list[str]:
    """A plain-text table of disks for places where the widget cannot render.

    Only values that stay put are shown (no relative times, no measured usage), so the text
    is stable.
    """
    from ..client.units import format_duration
    from .display import human_size

    if not disks:
        return []
    header = ("NAME", "STATUS", "SIZE", "TIMEOUT UNUSED", "PROJECT")
    rows = [
        (
            disk.name or disk.id,
            disk.status.value,
            human_size(disk.storage),
            format_duration(disk.timeout_unused or None),
            disk.project_name,
        )
        for disk in disks[:limit]
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    if len(disks) > limit:
        lines.append(f"… and {len(disks) - limit} more (panel.frame has them all)")
    return lines


__all__ = ["Row", "connection_info", "describe_scope", "disk_row", "disks_table"]
