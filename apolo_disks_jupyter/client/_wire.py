"""Many ``Disk`` records from a list reply, at a fraction of ``disk_from_wire``'s cost per disk.

Listing 2,000 disks should cost little more than the HTTP request and ``json.loads``; the
dataclass ``__init__`` of a frozen 12-field record is most of ``disk_from_wire``'s time. A
payload of the exact expected shape is built by filling the instance's ``__dict__`` directly
(the same result: equal, hashable, same repr); anything else goes through ``disk_from_wire``,
whose checks and error messages stay the reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from .disk import Disk, disk_from_wire

_STATUS = {status.value: status for status in Disk.Status}
_fromisoformat = datetime.fromisoformat
_UTC = timezone.utc
_new = object.__new__
_setattr = object.__setattr__


def _moment(text: Any) -> datetime:
    if type(text) is not str:
        raise TypeError
    moment = _fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=_UTC)


def _fast(payload: Mapping[str, Any], cluster_name: str, spans: dict[float, timedelta]) -> Disk:
    get = payload.get
    storage = payload["storage"]
    used = get("used_bytes")
    life_span = get("life_span")
    owner = payload["owner"]
    ident = payload["id"]
    if (
        type(storage) is not int
        or (used is not None and type(used) is not int)
        or type(owner) is not str
        or type(ident) is not str
    ):
        raise TypeError
    if life_span:
        # Most disks share a handful of life spans: build each timedelta once.
        timeout_unused = spans.get(life_span)
        if timeout_unused is None:
            if type(life_span) not in (float, int):
                raise TypeError
            timeout_unused = spans[life_span] = timedelta(seconds=life_span)
    else:
        timeout_unused = None
    created_at = _fromisoformat(payload["created_at"])
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=_UTC)
    last_usage = get("last_usage")
    disk: Disk = _new(Disk)
    _setattr(
        disk,
        "__dict__",
        {
            "id": ident,
            "storage": storage,
            "owner": owner,
            "status": _STATUS[payload["status"]],
            "cluster_name": cluster_name,
            "project_name": get("project_name") or owner,
            "org_name": get("org_name") or None,
            "created_at": created_at,
            "last_usage": _moment(last_usage) if last_usage else None,
            "name": get("name") or None,
            "timeout_unused": timeout_unused,
            "used_bytes": used,
        },
    )
    return disk


def disks_from_wire(payloads: Iterable[Any], cluster_name: str) -> list[Disk]:
    """``[disk_from_wire(p, cluster_name) for p in payloads]``, faster."""
    disks = []
    spans: dict[float, timedelta] = {}
    for payload in payloads:
        try:
            disks.append(_fast(payload, cluster_name, spans))
        except (KeyError, TypeError, ValueError, AttributeError):
            if not isinstance(payload, Mapping):
                payload = {}
            disks.append(disk_from_wire(payload, cluster_name))
    return disks


__all__ = ["disks_from_wire"]
