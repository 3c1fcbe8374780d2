"""Where to connect, in design.md's order; the first source that is there wins.

1. explicit arguments; 2. ``APOLO_DISKS_URL`` (+ ``APOLO_DISKS_TOKEN``); 3.
``APOLO_PASSED_CONFIG``; 4. the user's ``apolo login``; 5. the embedded local service of the
data folder (started when none answers). Blocking: call it through ``asyncio.to_thread``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import AuthenticationFailed, DisksError, InvalidArgument
from .login import (
    DEFAULT_API_URL,
    RELOGIN,
    Target,
    from_apolo_login,
    from_disks_env,
    from_passed_config,
)

if TYPE_CHECKING:
    from .local import LocalServiceInfo


def local_target(data_dir: Path | None, *, start: bool) -> Target:
    """The embedded local service of ``data_dir`` (started if ``start`` and none answers)."""
    from .local import ensure_local_service

    info: LocalServiceInfo = ensure_local_service(data_dir, start=start)
    return Target(
        info.url,
        info.token,
        "local service",
        info.cluster_name,
        info.org_name,
        info.project_name,
        local_data_dir=info.data_dir,
    )


def _same_url(left: str, right: str) -> bool:
    return left.rstrip("/") == right.rstrip("/")


def _token_for(url: str, data_dir: Path | None) -> Target | None:
    """A known source whose URL is ``url``, to borrow its token."""
    for find in (from_disks_env, from_passed_config, from_apolo_login):
        try:
            found = find()
        except DisksError:
            continue
        if found is not None and found.token and _same_url(found.url, url):
            return found
    try:
        local = local_target(data_dir, start=False)
    except (DisksError, OSError, ValueError, ImportError):
        return None
    return local if _same_url(local.url, url) else None


def resolve_target(url: str | None, token: str | None, data_dir: Path | None) -> Target:
    """Where to connect, by design.md's order (blocking: may start the local service)."""
    data_dir = data_dir.expanduser() if data_dir is not None else None
    if url is not None or token is not None:
        chosen = str(url) if url is not None else DEFAULT_API_URL
        if token is None:
            borrowed = _token_for(chosen, data_dir)
            if borrowed is not None:
                return Target(
                    chosen,
                    borrowed.token,
                    "arguments",
                    borrowed.cluster_name,
                    borrowed.org_name,
                    borrowed.project_name,
                    borrowed.local_data_dir,
                )
        return Target(chosen, token, "arguments")
    env = from_disks_env()
    if env is not None:
        if env.token is None:
            borrowed = _token_for(env.url, data_dir)
            if borrowed is not None:
                return Target(env.url, borrowed.token, env.source)
        return env
    passed = from_passed_config()
    if passed is not None:
        return passed
    login = from_apolo_login()
    if login is not None:
        return login
    return local_target(data_dir, start=True)


def named_target(source: str | Target, data_dir: Path | None) -> Target:
    """One source by name: ``"local service"`` or ``"apolo login"`` (or a ``Target`` as is)."""
    if isinstance(source, Target):
        return source
    if source == "local service":
        return local_target(data_dir, start=True)
    if source == "apolo login":
        login = from_apolo_login()
        if login is None:
            raise AuthenticationFailed(f"No apolo login found; {RELOGIN}.")
        return login
    raise InvalidArgument(
        f"Unknown source {source!r}; use 'local service', 'apolo login' or a Target."
    )


__all__ = ["local_target", "named_target", "resolve_target"]
