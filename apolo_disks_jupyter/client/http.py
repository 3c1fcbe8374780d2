"""The private HTTP core: one aiohttp session, the Bearer token, timeouts, retries, errors.

Every reply the disk service can give is turned into a ``DisksError`` subclass here, with
the server's own words and never the token or raw JSON.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

import aiohttp
import orjson
from yarl import URL

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

RETRY_STATUSES = frozenset({502, 503, 504})
_MAX_WORDS = 300


class ServiceUnreachable(ServiceUnavailable):
    """Nothing accepted the connection: the request was certainly not sent."""


class HttpCore:
    """One aiohttp session with the token, a total timeout and retries for idempotent GETs.

    Create it inside a running event loop; it is usable only on that loop.
    """

    def __init__(
        self,
        token: str | None,
        *,
        timeout: float = 30.0,
        tries: int = 3,
        backoff: float = 0.2,
        auth_hint: str = "pass a valid token",
    ) -> None:
        self._token = token
        self.timeout = float(timeout)
        self.tries = max(1, tries)
        self.backoff = backoff
        self.auth_hint = auth_hint
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.timeout),
            # The token goes on each request, never into session defaults or redirects.
            auto_decompress=True,
        )

    def __repr__(self) -> str:
        return f"<HttpCore timeout={self.timeout:g}s token={'set' if self._token else 'none'}>"

    @property
    def closed(self) -> bool:
        return self._session.closed

    def set_token(self, token: str | None) -> None:
        self._token = token

    async def close(self) -> None:
        await self._session.close()

    async def request(
        self,
        method: str,
        url: URL,
        *,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
        not_found: str | None = None,
    ) -> Any:
        """Send one request and return the decoded JSON reply (None for an empty body).

        GETs are retried with exponential backoff on connection errors and 502/503/504;
        POST and DELETE are sent once. ``not_found`` is appended to a 404's message.
        """
        if self._session.closed:
            raise DisksError("This client is closed; connect again to talk to the disk service.")
        headers = {"Accept": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        data: bytes | None = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        target = url.with_query(params) if params else url
        tries = self.tries if method == "GET" else 1
        for attempt in range(tries):
            last = attempt == tries - 1
            try:
                async with self._session.request(
                    method, target, data=data, headers=headers, allow_redirects=False
                ) as resp:
                    status = resp.status
                    payload = await resp.read()
                    if 200 <= status < 300:
                        return _decode(payload, url)
                    if status in RETRY_STATUSES and not last:
                        pass
                    else:
                        raise self._scrub(
                            error_from_reply(
                                status,
                                resp.reason,
                                resp.content_type,
                                payload,
                                url=url,
                                auth_hint=self.auth_hint,
                                not_found=not_found,
                            )
                        )
            except asyncio.TimeoutError:
                raise ServiceUnavailable(
                    f"The disk service at {_place(url)} did not answer within "
                    f"{self.timeout:g} s; try again or raise the timeout."
                ) from None
            except aiohttp.ClientConnectionError as exc:
                if last:
                    kind = (
                        ServiceUnreachable
                        if isinstance(exc, aiohttp.ClientConnectorError)
                        else ServiceUnavailable
                    )
                    raise kind(
                        f"Cannot reach the disk service at {_place(url)} ({_reason(exc)}); "
                        "check that it is running and the URL is right."
                    ) from None
            except aiohttp.ClientError as exc:
                raise DisksError(
                    f"Talking to the disk service at {_place(url)} failed ({_reason(exc)})."
                ) from None
            await asyncio.sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _scrub(self, error: DisksError) -> DisksError:
        if self._token and self._token in error.message:
            error.message = error.message.replace(self._token, "<token>")
            error.args = (error.message,)
        return error


def _place(url: URL) -> str:
    """Where a request went, without query or credentials."""
    return str(url.with_query(None).with_user(None))


def _reason(exc: BaseException) -> str:
    # aiohttp messages name host and port only; OSError's strerror is the plainest form.
    os_error = getattr(exc, "os_error", None)
    if isinstance(os_error, OSError) and os_error.strerror:
        return os_error.strerror.lower()
    text = str(exc).strip()
    return text[:_MAX_WORDS] if text else type(exc).__name__


def _decode(payload: bytes, url: URL) -> Any:
    if not payload:
        return None
    try:
        # orjson: decoding a long list is the largest part of listing disks after the wait.
        return orjson.loads(payload)
    except ValueError:
        raise DisksError(
            f"The disk service at {_place(url)} sent a reply that is not JSON."
        ) from None


def _sentence(text: str) -> str:
    text = " ".join(text.split())[:_MAX_WORDS]
    return text if text.endswith((".", "!", "?")) else text + "."


def server_words(content_type: str, payload: bytes) -> tuple[str | None, Any]:
    """The human words in a reply body and its decoded JSON (None when it has none)."""
    text = payload.decode("utf-8", "replace").strip()
    if not text:
        return None, None
    document: Any = None
    if content_type == "application/json" or text[:1] in "{[":
        try:
            document = json.loads(text)
        except ValueError:
            document = None
    if isinstance(document, dict):
        for key in ("description", "error", "message", "detail"):
            value = document.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip(), document
        return None, document
    if document is not None or content_type == "text/html" or text.startswith("<"):
        return None, document
    return text, None


def _missing_words(document: Any) -> str | None:
    missing = document.get("missing") if isinstance(document, dict) else None
    if not isinstance(missing, list) or not missing:
        return None
    needs = []
    for item in missing:
        if isinstance(item, dict) and item.get("uri"):
            needs.append(f"{item.get('action') or 'some'} access to {item['uri']}")
    return " and ".join(needs) if needs else None


def error_from_reply(
    status: int,
    reason: str | None,
    content_type: str,
    payload: bytes,
    *,
    url: URL,
    auth_hint: str = "pass a valid token",
    not_found: str | None = None,
) -> DisksError:
    """The ``DisksError`` for a non-2xx reply of the disk service."""
    words, document = server_words(content_type, payload)
    label = f"{status} {reason}" if reason else str(status)
    where = _place(url)
    if status == 401:
        return AuthenticationFailed(
            f"The disk service at {where} did not accept the token ({words or label}); "
            f"{auth_hint}.",
            status=status,
        )
    if status == 403:
        code = document.get("code") if isinstance(document, dict) else None
        if code == "over_limit":
            return QuotaExceeded(
                _sentence(f"Quota exceeded: {words or 'the project storage limit is reached'}"),
                status=status,
            )
        needs = _missing_words(document)
        if needs:
            return PermissionDenied(f"Permission denied: you need {needs}.", status=status)
        return PermissionDenied(
            _sentence(f"Permission denied by the disk service: {words or label}"), status=status
        )
    if status == 404:
        if words is None or words == "404: Not Found":
            return DisksError(
                f"The disk service has no route {where} ({label}); check the service URL.",
                status=status,
            )
        message = words.rstrip(".")
        return DiskNotFound(
            _sentence(f"{message} {not_found}" if not_found else message), status=status
        )
    if status == 409:
        return DiskNameConflict(_sentence(words or "The disk name is already used"), status=status)
    if status == 400:
        return InvalidArgument(
            _sentence(f"The disk service refused the request: {words or label}"), status=status
        )
    if status in RETRY_STATUSES:
        return ServiceUnavailable(
            f"The disk service at {where} is unavailable ({label}); try again later.",
            status=status,
        )
    if status >= 500:
        return DisksError(
            _sentence(f"The disk service failed ({label}): {words or 'no details given'}"),
            status=status,
        )
    if 300 <= status < 400:
        return DisksError(
            f"The disk service at {where} answered with a redirect ({label}); "
            "use the API URL it points to.",
            status=status,
        )
    return DisksError(
        _sentence(f"The disk service refused the request ({label}): {words or 'no details'}"),
        status=status,
    )


__all__ = ["HttpCore", "ServiceUnreachable", "error_from_reply", "server_words"]
