"""Sizes and durations with the apolo CLI's meanings.

Every form the apolo CLI accepts means here exactly what it means there
(``10G`` is 10 * 10**9 bytes; ``1Gi`` is 2**30; ``1d2h`` is 26 hours; ``0`` is
no limit). A few friendlier forms are accepted where they cannot change the meaning of a CLI
form: decimals (``1.5G``), a space before the unit (``10 GiB``) and ``no limit`` for durations.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from .errors import InvalidArgument

_FACTORS: dict[str, int] = {
    "": 1,
    "k": 10**3,
    "M": 10**6,
    "G": 10**9,
    "T": 10**12,
    "P": 10**15,
    "Ki": 2**10,
    "Mi": 2**20,
    "Gi": 2**30,
    "Ti": 2**40,
    "Pi": 2**50,
}
# Largest first, so format_size picks the shortest exact spelling.
_FORMAT_UNITS = sorted(((f, u) for u, f in _FACTORS.items() if u), reverse=True)

_SIZE_RE = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[A-Za-z]{0,3})")
_SIZE_FORMS = (
    "a whole number of bytes or a number with a unit: k, M, G, T, P (powers of 1000) "
    "or Ki, Mi, Gi, Ti, Pi (powers of 1024), optionally followed by B, e.g. 10G, 512Mi, 1.5GB"
)

_DURATION_RE = re.compile(
    r"(?:(?P<d>\d+)d)?\s*(?:(?P<h>\d+)h)?\s*(?:(?P<m>\d+)m)?\s*(?:(?P<s>\d+)s)?"
)
_DURATION_FORMS = (
    "days, hours, minutes and seconds like 1d2h3m4s (any part may be missing, "
    "e.g. 90m or 1h30m), or 0 for no limit"
)
_NO_LIMIT_WORDS = frozenset({"0", "no limit", "none", "never"})


def _unit_hint(unit: str) -> str:
    bare = unit[:-1] if len(unit) > 1 and unit[-1] in "Bb" else unit
    if bare == "K":
        return " (K is ambiguous: write k for 1000 or Ki for 1024)"
    for known in _FACTORS:
        if known and known.lower() == bare.lower():
            return f" (units are case-sensitive: did you mean {known}?)"
    return ""


def _split_unit(unit: str) -> str | None:
    """The factor key of a unit spelling such as ``Gi``, ``GiB``, ``GB``, ``b``; None if unknown."""
    if unit in _FACTORS:
        return unit
    if unit[-1:] in ("B", "b") and unit[:-1] in _FACTORS:
        return unit[:-1]
    return None


def parse_size(text: str | int) -> int:
    """Bytes meant by a size such as ``10G``, ``512Mi``, ``20GB``, ``1.5G`` or ``1073741824``.

    Raises
    ------
    InvalidArgument
        If the text is not a size, is ambiguous (``1K``) or is not a whole number of bytes.
    """
    if isinstance(text, bool):
        raise InvalidArgument(f"Size must be text or an integer, not {text!r}; use {_SIZE_FORMS}.")
    if isinstance(text, int):
        if text < 0:
            raise InvalidArgument(f"Size {text} is negative; a size is 0 bytes or more.")
        return text
    if not isinstance(text, str):
        raise InvalidArgument(f"Size must be text or an integer, not {type(text).__name__}.")
    stripped = text.strip()
    match = _SIZE_RE.fullmatch(stripped)
    if match is None:
        hint = " (a size cannot be negative)" if stripped.startswith("-") else ""
        raise InvalidArgument(f"Cannot read size {text!r}{hint}; use {_SIZE_FORMS}.")
    unit = _split_unit(match["unit"])
    if unit is None:
        raise InvalidArgument(
            f"Unknown size unit in {text!r}{_unit_hint(match['unit'])}; use {_SIZE_FORMS}."
        )
    try:
        number = Decimal(match["number"])
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise InvalidArgument(f"Cannot read size {text!r}; use {_SIZE_FORMS}.") from None
    value = number * _FACTORS[unit]
    if value != value.to_integral_value():
        raise InvalidArgument(
            f"Size {text!r} is not a whole number of bytes; use a smaller unit or fewer decimals."
        )
    return int(value)


def format_size(size: int) -> str:
    """The shortest exact spelling of ``size`` bytes that the apolo CLI accepts (``10G``, ``1Gi``).

    ``parse_size(format_size(n)) == n`` for every ``n >= 0``. For a human-friendly rounded
    figure, use ``humanize.naturalsize``.
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise InvalidArgument(f"Size must be a whole number of bytes, 0 or more, not {size!r}.")
    best = str(size)
    for factor, unit in _FORMAT_UNITS:
        if size and size % factor == 0:
            candidate = f"{size // factor}{unit}"
            if len(candidate) < len(best):
                best = candidate
    return best


def parse_duration(text: str | timedelta | None) -> timedelta | None:
    """The timedelta meant by ``1d2h3m4s`` (any part may be missing); ``0`` is no limit.

    ``"0"`` gives ``timedelta(0)`` as in the apolo CLI; ``"no limit"`` (and ``None``) give
    ``None``. Both mean the disk is never deleted for being unused.
    """
    if text is None or isinstance(text, timedelta):
        if isinstance(text, timedelta) and text < timedelta(0):
            raise InvalidArgument(f"Duration {text} is negative; use {_DURATION_FORMS}.")
        return text
    if not isinstance(text, str):
        raise InvalidArgument(
            f"Duration must be text, not {type(text).__name__}; use {_DURATION_FORMS}."
        )
    stripped = text.strip()
    if stripped == "0":
        return timedelta(0)
    if stripped.lower() in _NO_LIMIT_WORDS:
        return None
    match = _DURATION_RE.fullmatch(stripped)
    if not stripped or match is None or not any(match.groupdict().values()):
        raise InvalidArgument(f"Cannot read duration {text!r}; use {_DURATION_FORMS}.")
    return timedelta(
        days=int(match["d"] or 0),
        hours=int(match["h"] or 0),
        minutes=int(match["m"] or 0),
        seconds=int(match["s"] or 0),
    )


def format_duration(duration: timedelta | None) -> str:
    """The CLI's spelling of a duration: ``1d2h``, ``90s``, ``0``; ``no limit`` for None.

    Fractions of a second are rounded to the nearest second.
    """
    if duration is None:
        return "no limit"
    if duration < timedelta(0):
        raise InvalidArgument(f"Duration {duration} is negative; durations are 0 or more.")
    total = round(duration.total_seconds())
    if total == 0:
        return "0"
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")]
    return "".join(f"{value}{unit}" for value, unit in parts if value)


__all__ = ["format_duration", "format_size", "parse_duration", "parse_size"]
