"""The client layer: the platform's disks API over aiohttp. Knows nothing of Jupyter.

Names load on first use, so a module that needs only the units or the errors (the local
service, a kernel finding its service) does not pay for importing aiohttp.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # explicit re-exports, for type checkers
    from .connection import Client as Client
    from .connection import connect as connect
    from .disk import Disk as Disk
    from .disks import Disks as Disks
    from .errors import AuthenticationFailed as AuthenticationFailed
    from .errors import DiskNameConflict as DiskNameConflict
    from .errors import DiskNotFound as DiskNotFound
    from .errors import DisksError as DisksError
    from .errors import InvalidArgument as InvalidArgument
    from .errors import PermissionDenied as PermissionDenied
    from .errors import QuotaExceeded as QuotaExceeded
    from .errors import ServiceUnavailable as ServiceUnavailable
    from .units import format_duration as format_duration
    from .units import format_size as format_size
    from .units import parse_duration as parse_duration
    from .units import parse_size as parse_size

_WHERE = {
    "Client": "connection",
    "connect": "connection",
    "Disk": "disk",
    "Disks": "disks",
    "AuthenticationFailed": "errors",
    "DiskNameConflict": "errors",
    "DiskNotFound": "errors",
    "DisksError": "errors",
    "InvalidArgument": "errors",
    "PermissionDenied": "errors",
    "QuotaExceeded": "errors",
    "ServiceUnavailable": "errors",
    "format_duration": "units",
    "format_size": "units",
    "parse_duration": "units",
    "parse_size": "units",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


__all__ = sorted(_WHERE)
