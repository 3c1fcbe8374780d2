"""Checks on what a request sends: the create body and the org/project query parameters.

Anything wrong answers 400 with one sentence (the platform answers 500 for some of these).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from ..client.references import name_problem

CREATE_KEYS = ("storage", "life_span", "name", "project_name", "org_name")
_MAX_STORAGE = 2**63 - 1
# Org and project names: what the client accepts in disk:// URIs.
_SEGMENT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")


class BadRequest(Exception):
    """The request is malformed; ``str()`` says what is wrong."""


@dataclass(frozen=True)
class CreateRequest:
    storage: int
    life_span: float | None
    name: str | None
    project: str
    org: str


def _segment(value: Any, what: str, default: str) -> str:
    if value is None:
        return default
    if not isinstance(value, str) or not _SEGMENT_RE.match(value):
        raise BadRequest(
            f"{what} {value!r} is not valid; use 1 to 63 letters, digits, '-' and '_', "
            "starting with a letter or digit."
        )
    return value


def scope(
    org: str | None, project: str | None, settings_org: str, settings_project: str
) -> tuple[str, str]:
    """The (org, project) a request names, defaults filled in."""
    return (
        _segment(org, "org_name", settings_org),
        _segment(project, "project_name", settings_project),
    )


def optional_project(project: str | None) -> str | None:
    return None if project is None else _segment(project, "project_name", "")


def parse_create(body: bytes, default_org: str, default_project: str) -> CreateRequest:
    """The create request in ``body``: a JSON object with only the platform's five keys."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(f"The request body is not valid JSON: {exc}.") from None
    if not isinstance(payload, dict):
        raise BadRequest("The request body must be a JSON object with the disk's fields.")
    unknown = sorted(set(payload) - set(CREATE_KEYS))
    if unknown:
        raise BadRequest(
            f"Unknown field(s) {', '.join(map(repr, unknown))}; a disk is created from "
            f"{', '.join(CREATE_KEYS)}."
        )
    if "storage" not in payload:
        raise BadRequest("Field 'storage' is required: the disk's size in bytes.")
    storage = payload["storage"]
    if isinstance(storage, bool) or not isinstance(storage, int):
        raise BadRequest(f"Field 'storage' must be a whole number of bytes, not {storage!r}.")
    if not 0 <= storage <= _MAX_STORAGE:
        raise BadRequest(f"Field 'storage' must be between 0 and {_MAX_STORAGE}, not {storage}.")
    life_span = payload.get("life_span")
    if life_span is not None:
        if isinstance(life_span, bool) or not isinstance(life_span, (int, float)):
            raise BadRequest(
                f"Field 'life_span' must be a number of seconds or null, not {life_span!r}."
            )
        if not math.isfinite(life_span) or life_span < 0:
            raise BadRequest(
                f"Field 'life_span' must be 0 or more seconds (null for no limit), not {life_span}."
            )
    name = payload.get("name")
    if name is not None:
        if not isinstance(name, str):
            raise BadRequest(f"Field 'name' must be text or null, not {name!r}.")
        problem = name_problem(name)
        if problem:
            raise BadRequest(problem)
    org, project = scope(
        payload.get("org_name"), payload.get("project_name"), default_org, default_project
    )
    return CreateRequest(
        storage=storage,
        # Zero means no limit, as the platform's clients send it.
        life_span=float(life_span) if life_span else None,
        name=name,
        project=project,
        org=org,
    )
