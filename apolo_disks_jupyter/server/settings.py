"""What a local service is told at start: identity, limits and timings."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

#: The platform's default per-project quota: 500 GiB.
DEFAULT_QUOTA_BYTES = 500 * 2**30


def login_name() -> str:
    """The OS login name, the local service's only user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "user"


@dataclass(frozen=True)
class ServiceSettings:
    """Everything the request handlers and the background tasks need to know."""

    user: str
    cluster: str = "local"
    org: str = "local"
    project: str = "default"
    quota_bytes: int = DEFAULT_QUOTA_BYTES
    pending_seconds: float = 0.0
    #: How often ``used_bytes``, ``last_usage`` and ``Broken`` are refreshed.
    usage_interval: float = 30.0
    #: How often disks unused past their life span are looked for.
    reaper_interval: float = 60.0
