"""Apolo persistent disks from a notebook.

The public names load on first use: ``import apolo_disks_jupyter`` costs almost nothing,
the client (``connect``, ``Disk``, ``Disks``, the errors, the units) brings in aiohttp only,
and IPython, ipywidgets, anywidget and pandas load only with the notebook layer
(``%load_ext apolo_disks_jupyter``, ``DisksPanel``, ``disks_frame``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell

    from .client import AuthenticationFailed as AuthenticationFailed
    from .client import Client as Client
    from .client import Disk as Disk
    from .client import DiskNameConflict as DiskNameConflict
    from .client import DiskNotFound as DiskNotFound
    from .client import Disks as Disks
    from .client import DisksError as DisksError
    from .client import InvalidArgument as InvalidArgument
    from .client import PermissionDenied as PermissionDenied
    from .client import QuotaExceeded as QuotaExceeded
    from .client import ServiceUnavailable as ServiceUnavailable
    from .client import connect as connect
    from .client import format_duration as format_duration
    from .client import format_size as format_size
    from .client import parse_duration as parse_duration
    from .client import parse_size as parse_size
    from .notebook.frames import disks_frame as disks_frame
    from .notebook.panel import DisksPanel as DisksPanel

_NOTEBOOK = {
    "DisksPanel": "apolo_disks_jupyter.notebook.panel",
    "disks_frame": "apolo_disks_jupyter.notebook.frames",
}
_CLIENT = (
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
)


def __getattr__(name: str) -> Any:
    if name in _NOTEBOOK:
        value = getattr(importlib.import_module(_NOTEBOOK[name]), name)
    elif name in _CLIENT:
        value = getattr(importlib.import_module("apolo_disks_jupyter.client"), name)
    else:
        raise AttributeError(f"module 'apolo_disks_jupyter' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_NOTEBOOK, *_CLIENT])


def load_ipython_extension(ipython: InteractiveShell) -> None:
    """``%load_ext apolo_disks_jupyter``: register the ``%disks`` magic."""
    from .notebook.magic import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: InteractiveShell) -> None:
    """``%unload_ext apolo_disks_jupyter``: close the session and remove the magic."""
    from .notebook.magic import unload_ipython_extension as unload

    unload(ipython)


__all__ = [
    *_CLIENT,
    *_NOTEBOOK,
    "__version__",
]
