"""The embedded local disk service: the platform's disks API on this machine.

It shares only the wire model, units, references and errors with the client layer and never
imports the notebook layer.
"""

from __future__ import annotations

from .ownership import FolderBusy, ServiceAlreadyRunning
from .service import LocalDiskService
from .settings import DEFAULT_QUOTA_BYTES

__all__ = ["DEFAULT_QUOTA_BYTES", "FolderBusy", "LocalDiskService", "ServiceAlreadyRunning"]
