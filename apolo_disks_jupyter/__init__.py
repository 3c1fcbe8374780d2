"""Apolo persistent disks from a notebook.

The client (``connect``, ``Disk``, ``Disks``, the errors and the units) is imported here and
stays light: neither IPython, ipywidgets, anywidget nor pandas is imported until the notebook
layer is used (``%load_ext apolo_disks_jupyter``, ``DisksPanel``, ``disks_frame``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .client import (
    AuthenticationFailed,
    Client,
    Disk,
    DiskNameConflict,
    DiskNotFound,
    Disks,
    DisksError,
    InvalidArgument,
    PermissionDenied,
    QuotaExceeded,
    ServiceUnavailable,
    connect,
    format_duration,
    format_size,
    parse_duration,
    parse_size,
)

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell

    from .notebook.frames import disks_frame
    from .notebook.panel import DisksPanel

_LAZY = {
    "DisksPanel": "apolo_disks_jupyter.notebook.panel",
    "disks_frame": "apolo_disks_jupyter.notebook.frames",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'apolo_disks_jupyter' has no attribute {name!r}")


def load_ipython_extension(ipython: InteractiveShell) -> None:
    """``%load_ext apolo_disks_jupyter``: register the ``%disks`` magic."""
    from .notebook.magic import load_ipython_extension as load

    load(ipython)


def unload_ipython_extension(ipython: InteractiveShell) -> None:
    """``%unload_ext apolo_disks_jupyter``: close the session and remove the magic."""
    from .notebook.magic import unload_ipython_extension as unload

    unload(ipython)


__all__ = [
    "AuthenticationFailed",
    "Client",
    "Disk",
    "DiskNameConflict",
    "DiskNotFound",
    "Disks",
    "DisksError",
    "DisksPanel",
    "InvalidArgument",
    "PermissionDenied",
    "QuotaExceeded",
    "ServiceUnavailable",
    "__version__",
    "connect",
    "disks_frame",
    "format_duration",
    "format_size",
    "parse_duration",
    "parse_size",
]
