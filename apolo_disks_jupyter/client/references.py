"""Checks on disk names and references, before anything is sent.

A reference is a disk id (``disk-<uuid>``), a name by the platform's rule, or a URI:
``disk:NAME_OR_ID``, ``disk:/PROJECT/NAME_OR_ID`` (another project of the same org) or
``disk://CLUSTER/ORG/PROJECT/NAME_OR_ID``. Nothing else can reach the URL path, so no
reference can walk to another route or smuggle query parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InvalidArgument

NAME_PATTERN = r"^[a-z](?:-?[a-z0-9])*$"
NAME_MIN_LENGTH = 3
NAME_MAX_LENGTH = 40
_NAME_RE = re.compile(NAME_PATTERN)
_ID_RE = re.compile(r"^disk-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# Cluster, org and project names on the platform: letters, digits, '-' and '_'.
_SEGMENT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")
_NAME_RULE = (
    "3 to 40 characters: lower-case letters, digits and single hyphens, starting with a letter "
    "and not ending with a hyphen (e.g. cool-disk)"
)


def name_problem(name: str) -> str | None:
    """Why ``name`` breaks the platform's disk-name rule, or None when it is fine."""
    if not NAME_MIN_LENGTH <= len(name) <= NAME_MAX_LENGTH:
        return f"Disk name {name!r} has {len(name)} characters; a name has {_NAME_RULE}."
    if not _NAME_RE.match(name):
        return f"Disk name {name!r} is not allowed; a name has {_NAME_RULE}."
    return None


def check_name(name: str | None) -> str | None:
    """Return ``name`` unchanged if it follows the platform's rule, else raise InvalidArgument."""
    if name is None:
        return None
    if not isinstance(name, str):
        raise InvalidArgument(f"Disk name must be text, not {type(name).__name__}.")
    problem = name_problem(name)
    if problem:
        raise InvalidArgument(problem)
    return name


def is_disk_id(text: str) -> bool:
    return bool(_ID_RE.match(text))


@dataclass(frozen=True)
class DiskReference:
    """A checked disk reference: what to put in the path, and where the URI said to look."""

    id_or_name: str
    cluster_name: str | None = None
    org_name: str | None = None
    project_name: str | None = None


def _check_id_or_name(text: str, original: str) -> str:
    if is_disk_id(text) or (
        NAME_MIN_LENGTH <= len(text) <= NAME_MAX_LENGTH and _NAME_RE.match(text)
    ):
        return text
    raise InvalidArgument(
        f"{original!r} is not a disk reference; use a disk id (disk-…), a disk name "
        f"({_NAME_RULE}), or a URI like disk:NAME, disk:/PROJECT/NAME or "
        "disk://CLUSTER/ORG/PROJECT/ID."
    )


def _check_segment(text: str, what: str, original: str) -> str:
    if not _SEGMENT_RE.match(text):
        raise InvalidArgument(
            f"{original!r} has an invalid {what} {text!r}; use letters, digits, '-' and '_'."
        )
    return text


def parse_reference(text: str) -> DiskReference:
    """Check a disk id, name or ``disk:`` URI and say where it points."""
    if not isinstance(text, str):
        raise InvalidArgument(f"A disk reference must be text, not {type(text).__name__}.")
    if text.startswith("disk://"):
        segments = text[len("disk://") :].split("/")
        if len(segments) == 4:
            cluster, org, project, last = segments
        elif len(segments) == 3:
            cluster, project, last = segments
            org = None
        else:
            raise InvalidArgument(
                f"{text!r} is not a disk URI; use disk://CLUSTER/ORG/PROJECT/ID_OR_NAME."
            )
        return DiskReference(
            _check_id_or_name(last, text),
            _check_segment(cluster, "cluster", text),
            _check_segment(org, "org", text) if org is not None else None,
            _check_segment(project, "project", text),
        )
    if text.startswith("disk:/"):
        segments = text[len("disk:/") :].split("/")
        if len(segments) != 2:
            raise InvalidArgument(f"{text!r} is not a disk URI; use disk:/PROJECT/NAME_OR_ID.")
        project, last = segments
        return DiskReference(
            _check_id_or_name(last, text), project_name=_check_segment(project, "project", text)
        )
    if text.startswith("disk:"):
        return DiskReference(_check_id_or_name(text[len("disk:") :], text))
    return DiskReference(_check_id_or_name(text, text))


__all__ = [
    "NAME_MAX_LENGTH",
    "NAME_MIN_LENGTH",
    "NAME_PATTERN",
    "DiskReference",
    "check_name",
    "is_disk_id",
    "name_problem",
    "parse_reference",
]
