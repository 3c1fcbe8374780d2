"""The client layer: the platform's disks API over aiohttp. Knows nothing of Jupyter."""

from __future__ import annotations

from .connect import Client, connect
from .disk import Disk
from .disks import Disks
from .errors import (
    AuthenticationFailed,
    DiskNameConflict,
    DiskNotFound,
    DisksError,
    InvalidArgument,
    PermissionDenied,
    QuotaExceeded,
    ServiceUnavailable,
)
from .units import format_duration, format_size, parse_duration, parse_size

__all__ = [
    "AuthenticationFailed",
    "Client",
    "Disk",
    "DiskNameConflict",
    "DiskNotFound",
    "Disks",
    "DisksError",
    "InvalidArgument",
    "PermissionDenied",
    "QuotaExceeded",
    "ServiceUnavailable",
    "connect",
    "format_duration",
    "format_size",
    "parse_duration",
    "parse_size",
]
