"""The panel's requests checked in Python: the form checks them too, but this answer is final.

Every value a front end sends is untrusted (any JSON can arrive), so each is checked for its
type as well as its meaning, and a mistake becomes one ``InvalidArgument`` sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ..client.errors import InvalidArgument
from ..client.references import check_name
from ..client.units import parse_duration, parse_size
from .snippets import FORMATS, check_container_path

# The form's unit menu (js/src/form.js); other units are fine through the Python API.
FORM_UNITS = ("G", "Gi", "M", "Mi", "T", "Ti")
_FORM_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class CreateRequest:
    """A checked ``create``: bytes, name, unused-timeout (None = no limit) and project."""

    storage: int
    name: str | None
    timeout_unused: timedelta | None
    project: str | None


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidArgument(f"{what} must be text, not {type(value).__name__}.")
    return value


def create_request(
    size: str | int,
    name: str | None = None,
    timeout_unused: str | timedelta | None = "1d",
    project: str | None = None,
    *,
    unit: str | None = None,
    projects: Iterable[str] = (),
) -> CreateRequest:
    """Check a create from the form (``size`` a number and ``unit`` from its menu) or from
    Python (``size`` in any of the magic's forms, such as ``"10G"`` or ``1073741824``)."""
    if unit is not None:
        number = _text(size, "Size").strip()
        if unit not in FORM_UNITS:
            raise InvalidArgument(
                f"Unknown size unit {unit!r}; use one of {', '.join(FORM_UNITS)}."
            )
        if not _FORM_NUMBER.fullmatch(number):
            raise InvalidArgument(f"Size {size!r} is not a number; use e.g. 10 or 1.5.")
        storage = parse_size(f"{number}{unit}")
    else:
        storage = parse_size(size)
    if storage <= 0:
        raise InvalidArgument("A disk needs a size of more than 0 bytes, e.g. 10G.")
    if name is not None:
        name = _text(name, "Disk name").strip() or None
    check_name(name)
    if timeout_unused is not None and not isinstance(timeout_unused, (str, timedelta)):
        raise InvalidArgument(
            f"timeout_unused must be text like 1d2h, a timedelta or None, not {timeout_unused!r}."
        )
    # A zero timeout means no limit on the platform: say it one way.
    timeout = parse_duration(timeout_unused) or None
    if project is not None:
        project = _text(project, "Project").strip() or None
    known = tuple(projects)
    if project is not None and known and project not in known:
        raise InvalidArgument(f"Project {project!r} is not one of {', '.join(known)}.")
    return CreateRequest(storage, name, timeout, project)


@dataclass(frozen=True)
class MountRequest:
    """A checked mount drawer request."""

    req: str
    disk_id: str
    path: str
    read_only: bool
    format: str


def mount_request(message: Mapping[str, Any], formats: Iterable[str]) -> MountRequest:
    """Check ``{req, id, path, read_only, format}`` from the mount drawer."""
    available = tuple(formats)
    fmt = message.get("format")
    if fmt not in FORMATS or fmt not in available:
        raise InvalidArgument(
            f"Snippet format {fmt!r} is not available here; use {', '.join(available)}."
        )
    read_only = message.get("read_only")
    if not isinstance(read_only, bool):
        raise InvalidArgument(f"read_only must be true or false, not {read_only!r}.")
    return MountRequest(
        req=str(message.get("req", "")),
        disk_id=_text(message.get("id"), "Disk id"),
        path=check_container_path(_text(message.get("path"), "Container path")),
        read_only=read_only,
        format=str(fmt),
    )


_PROJECT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,62}")


def check_project(name: Any) -> str:
    """Return a project name if it is spelled as the platform spells them."""
    if not isinstance(name, str) or not _PROJECT.fullmatch(name):
        raise InvalidArgument(
            f"Project name {name!r} is not valid; use letters, digits, '-' and '_' "
            "(starting with a letter or digit)."
        )
    return name


def id_list(value: Any, what: str = "ids") -> list[str]:
    """A JSON list of disk ids, checked."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidArgument(f"{what} must be a list of disk ids.")
    return list(dict.fromkeys(value))


__all__ = [
    "FORM_UNITS",
    "CreateRequest",
    "MountRequest",
    "create_request",
    "id_list",
    "mount_request",
]
