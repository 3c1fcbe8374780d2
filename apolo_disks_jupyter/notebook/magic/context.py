"""What every ``%disks`` command gets, and the checks they share before any request."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from IPython.core.error import UsageError

from ...client.errors import DisksError, InvalidArgument

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell

    from ..session import Session

# Cluster, org and project names on the platform: letters, digits, '-' and '_'.
_SCOPE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,62}")


@dataclass
class Context:
    """The shell (for ``-o VAR``), the kernel's session and the magic's configured defaults."""

    shell: InteractiveShell | None
    session: Session
    timeout_unused: str = "1d"

    def store(self, name: str, value: Any) -> None:
        if self.shell is not None:
            self.shell.user_ns[name] = value


def check_scope(value: str | None, what: str) -> str | None:
    """A cluster, org or project name, or None; bad ones are a usage error."""
    if value is None:
        return None
    if not _SCOPE_RE.fullmatch(value):
        raise UsageError(
            f"Invalid {what} name {value!r}; use letters, digits, '-' and '_' "
            "(up to 63 characters, starting with a letter or digit)."
        )
    return value


def check_variable(name: str | None) -> str | None:
    """A Python variable name for ``-o``, or None."""
    if name is None:
        return None
    if not name.isidentifier() or keyword.iskeyword(name):
        raise UsageError(f"-o needs a Python variable name, not {name!r}.")
    return name


class BadInput(UsageError):
    """A mistake in what was typed: shown as one ``UsageError: …`` line, nothing sent.

    A plain ``UsageError`` is printed by IPython without telling the front end that the cell
    failed; this one goes through the kernel's error path, so nbval and nbclient see the
    failure too (``_render_traceback_`` keeps it to one line).
    """

    def _render_traceback_(self) -> list[str]:
        return [f"UsageError: {self}"]


class CommandFailed(DisksError):
    """A command that did part of its work and failed for the rest (e.g. ``rm`` of several)."""


def one_line(exc: DisksError) -> NoReturn:
    """Re-raise ``exc`` so IPython shows only ``Kind: message`` (the cell still fails)."""
    line = f"{type(exc).__name__}: {exc}"
    exc._render_traceback_ = lambda: [line]  # type: ignore[attr-defined]
    raise exc


def usage(exc: InvalidArgument | ValueError) -> NoReturn:
    """Bad input: one ``UsageError`` line, nothing sent."""
    raise UsageError(str(exc)) from None


__all__ = [
    "BadInput",
    "CommandFailed",
    "Context",
    "check_scope",
    "check_variable",
    "one_line",
    "usage",
]
