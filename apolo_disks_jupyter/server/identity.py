"""The service's one user: its token (a JWT kept in the data folder) and the /config reply."""

from __future__ import annotations

import hmac
import secrets
from typing import Any

import jwt

from .layout import DataLayout, read_private, write_private
from .settings import ServiceSettings

IDENTITY_CLAIM = "identity"


def load_or_create_token(layout: DataLayout, user: str) -> str:
    """The folder's token for ``user``: made once and kept (0600), so kernels keep working
    across restarts. A new one is made only when the user changes."""
    secret_bytes = read_private(layout.secret_file)
    if not secret_bytes:
        secret_bytes = secrets.token_hex(32).encode()
        write_private(layout.secret_file, secret_bytes, tmp_dir=layout.tmp)
    secret = secret_bytes.decode().strip()
    stored = read_private(layout.token_file)
    if stored:
        token = stored.decode().strip()
        try:
            claims = jwt.decode(token, secret, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            claims = {}
        if claims.get(IDENTITY_CLAIM) == user:
            return token
    token = jwt.encode({IDENTITY_CLAIM: user}, secret, algorithm="HS256")
    write_private(layout.token_file, token.encode(), tmp_dir=layout.tmp)
    return token


class TokenCheck:
    """Compares a presented token with the service's in constant time."""

    def __init__(self, token: str) -> None:
        self._expected = token.encode()

    def __repr__(self) -> str:
        return "TokenCheck(<hidden>)"

    def accepts(self, presented: str) -> bool:
        return hmac.compare_digest(presented.encode(), self._expected)


def config_reply(settings: ServiceSettings, origin: str, projects: list[str]) -> dict[str, Any]:
    """``GET /api/v1/config``: enough for ``apolo config login-with-token`` and apolo_sdk.

    The service URLs other than ``disks_url`` point at routes this service does not have;
    apolo_sdk only needs them to be present.
    """
    api = f"{origin}/api/v1"
    names = sorted({settings.project, *projects})
    return {
        "authorized": True,
        "auth_url": f"{origin}/oauth/authorize",
        "token_url": f"{origin}/oauth/token",
        "logout_url": f"{origin}/oauth/logout",
        "client_id": "apolo-disks-local",
        "audience": f"{origin}/",
        "headless_callback_url": f"{origin}/oauth/show-code",
        "clusters": [
            {
                "name": settings.cluster,
                "orgs": [settings.org],
                "registry_url": f"{origin}/registry",
                "storage_url": f"{api}/storage",
                "users_url": f"{api}/users",
                "monitoring_url": f"{api}/jobs",
                "secrets_url": f"{api}/secrets",
                "disks_url": f"{api}/disk",
                "buckets_url": f"{api}/buckets",
                "resource_pool_types": [],
                "resource_presets": [],
            }
        ],
        "projects": [
            {
                "name": name,
                "cluster_name": settings.cluster,
                "org_name": settings.org,
                "role": "admin",
            }
            for name in names
        ],
    }
