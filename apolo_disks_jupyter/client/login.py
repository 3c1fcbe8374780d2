"""Where to connect: environment variables and the user's ``apolo login``, read-only.

Nothing here writes: the apolo config database is opened with SQLite's read-only URI
(``immutable`` when no write-ahead log is pending, so not even ``-shm``/``-wal`` files appear).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .errors import AuthenticationFailed, DisksError

APOLO_DISKS_URL = "APOLO_DISKS_URL"
APOLO_DISKS_TOKEN = "APOLO_DISKS_TOKEN"  # noqa: S105 - the variable's name, not a token
APOLO_PASSED_CONFIG = "APOLO_PASSED_CONFIG"
APOLO_CONFIG = "APOLO_CONFIG"
DEFAULT_API_URL = "https://api.apolo.us/api/v1"
_IDENTITY_CLAIMS = ("identity", "https://platform.neuromation.io/user")
RELOGIN = "run `apolo login` to log in again"


@dataclass(frozen=True)
class Target:
    """A disk service to talk to, and the defaults its source suggests."""

    url: str
    token: str | None = field(repr=False)
    source: str
    cluster_name: str | None = None
    org_name: str | None = None
    project_name: str | None = None
    local_data_dir: Path | None = None


def username_from_token(token: str | None) -> str | None:
    """The user name in a JWT's ``identity`` claim, decoded without verifying the signature."""
    if not token or token.count(".") != 2:
        return None
    body = token.split(".")[1]
    try:
        claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(claims, dict):
        return None
    for claim in _IDENTITY_CLAIMS:
        value = claims.get(claim)
        if isinstance(value, str) and value:
            return value
    return None


def from_disks_env(environ: Mapping[str, str] | None = None) -> Target | None:
    """``APOLO_DISKS_URL`` (+ ``APOLO_DISKS_TOKEN``), when set."""
    env = os.environ if environ is None else environ
    url = env.get(APOLO_DISKS_URL, "").strip()
    if not url:
        return None
    return Target(url, env.get(APOLO_DISKS_TOKEN) or None, "APOLO_DISKS_URL")


def from_passed_config(environ: Mapping[str, str] | None = None) -> Target | None:
    """``APOLO_PASSED_CONFIG``: base64 JSON ``{token, cluster, url, org_name?, project_name?}``."""
    env = os.environ if environ is None else environ
    raw = env.get(APOLO_PASSED_CONFIG, "").strip()
    if not raw:
        return None
    try:
        data = json.loads(base64.b64decode(raw))
        token, url = data["token"], data["url"]
        if not (isinstance(token, str) and isinstance(url, str)):
            raise TypeError
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise DisksError(
            f"{APOLO_PASSED_CONFIG} is malformed; it should be base64 of JSON with "
            "token, cluster and url."
        ) from None
    return Target(
        url,
        token,
        APOLO_PASSED_CONFIG,
        cluster_name=_text(data.get("cluster")),
        org_name=_text(data.get("org_name")),
        project_name=_text(data.get("project_name")),
    )


def apolo_config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of ``apolo login``: ``$APOLO_CONFIG``, ``~/.apolo`` or legacy ``~/.neuro``."""
    env = os.environ if environ is None else environ
    explicit = env.get(APOLO_CONFIG)
    if explicit:
        return Path(explicit).expanduser()
    for candidate in ("~/.apolo", "~/.neuro"):
        path = Path(candidate).expanduser()
        if (path / "db").exists():
            return path
    return Path("~/.apolo").expanduser()


def from_apolo_login(config_dir: Path | None = None, *, now: float | None = None) -> Target | None:
    """The token, URL, cluster, org and project of the user's ``apolo login``; None if absent.

    Raises
    ------
    AuthenticationFailed
        If the saved token has expired.
    """
    folder = apolo_config_dir() if config_dir is None else config_dir
    db_path = folder / "db"
    if not db_path.is_file():
        return None
    row = _read_main_row(db_path)
    token, url = row.get("token"), row.get("url")
    if not isinstance(token, str) or not token or not isinstance(url, str) or not url:
        raise DisksError(f"The apolo login in {folder} has no token or URL; {RELOGIN}.")
    expiration = row.get("expiration_time")
    moment = time.time() if now is None else now
    if isinstance(expiration, (int, float)) and expiration <= moment:
        raise AuthenticationFailed(f"Your apolo login token has expired; {RELOGIN}.")
    return Target(
        url,
        token,
        "apolo login",
        cluster_name=_text(row.get("cluster_name")),
        org_name=_text(row.get("org_name")),
        project_name=_text(row.get("project_name")),
    )


def _read_main_row(db_path: Path) -> dict[str, Any]:
    import sqlite3

    # Without a pending write-ahead log the file alone is complete, and "immutable" keeps
    # SQLite from creating -shm/-wal files beside the user's config.
    has_wal = db_path.with_name(db_path.name + "-wal").exists()
    uri = f"file:{quote(str(db_path.resolve()))}?mode=ro" + ("" if has_wal else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            conn.row_factory = sqlite3.Row
            cursor = conn.execute("SELECT * FROM main ORDER BY timestamp DESC LIMIT 1")
            row = cursor.fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DisksError(
            f"Cannot read the apolo login in {db_path.parent} ({exc}); {RELOGIN}."
        ) from None
    if row is None:
        raise DisksError(f"The apolo login in {db_path.parent} is empty; {RELOGIN}.")
    return {key: row[key] for key in row.keys()}  # noqa: SIM118 - sqlite3.Row has no items()


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


__all__ = [
    "APOLO_CONFIG",
    "APOLO_DISKS_TOKEN",
    "APOLO_DISKS_URL",
    "APOLO_PASSED_CONFIG",
    "DEFAULT_API_URL",
    "Target",
    "apolo_config_dir",
    "from_apolo_login",
    "from_disks_env",
    "from_passed_config",
    "username_from_token",
]
