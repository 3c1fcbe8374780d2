"""The errors every layer raises: one human sentence each, never a token."""

from __future__ import annotations


class DisksError(Exception):
    """Base of every error this package raises on purpose.

    ``str(error)`` is one sentence a user can act on; ``status`` is the HTTP status
    that caused it, when there was one.
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def __str__(self) -> str:
        return self.message


class DiskNotFound(DisksError):
    """No disk has that id or name in the project asked."""


class DiskNameConflict(DisksError):
    """Another disk of the project already uses that name."""


class QuotaExceeded(DisksError):
    """The project's storage quota would be exceeded."""


class PermissionDenied(DisksError):
    """The token is valid but may not do this."""


class AuthenticationFailed(DisksError):
    """The token is missing, unknown or expired."""


class InvalidArgument(DisksError, ValueError):
    """An argument is malformed; nothing was sent or changed."""


class ServiceUnavailable(DisksError):
    """The disk service could not be reached or answered 502/503/504."""


__all__ = [
    "AuthenticationFailed",
    "DiskNameConflict",
    "DiskNotFound",
    "DisksError",
    "InvalidArgument",
    "PermissionDenied",
    "QuotaExceeded",
    "ServiceUnavailable",
]
