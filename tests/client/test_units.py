"""Sizes and durations: every apolo CLI form means what the CLI says; format then parse is exact."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from apolo_disks_jupyter.client import (
    InvalidArgument,
    format_duration,
    format_size,
    parse_duration,
    parse_size,
)

cli = pytest.importorskip("apolo_cli.parse_utils")
click = pytest.importorskip("click")

CLI_PREFIXES = ["", "k", "M", "G", "T", "P", "Ki", "Mi", "Gi", "Ti", "Pi"]


def cli_size(text: str) -> int | None:
    try:
        value: int = cli.parse_memory(text)
    except ValueError:
        return None
    return value


def cli_duration(text: str) -> timedelta | None:
    try:
        value: timedelta = cli.parse_timedelta(text)
    except click.UsageError:
        return None
    return value


@given(st.integers(min_value=0, max_value=10**20))
def test_format_size_then_parse_is_exact(size: int) -> None:
    text = format_size(size)
    assert parse_size(text) == size
    # ... and the apolo CLI reads the same number from it.
    assert cli_size(text) == size


@given(
    st.integers(min_value=0, max_value=10**7),
    st.sampled_from(CLI_PREFIXES),
    st.sampled_from(["", "b", "B"]),
)
def test_every_cli_size_form_means_what_the_cli_says(number: int, prefix: str, suffix: str) -> None:
    text = f"{number}{prefix}{suffix}"
    assert parse_size(text) == cli.parse_memory(text)


@given(st.from_regex(r"\A\d{1,6}[kKMGTPi]{0,2}[bB]?\Z"))
def test_whatever_the_cli_accepts_means_the_same_here(text: str) -> None:
    expected = cli_size(text)
    if expected is not None:
        assert parse_size(text) == expected
    else:
        with pytest.raises(InvalidArgument):
            parse_size(text)


@given(st.integers(min_value=0, max_value=10**4 * 86400))
def test_format_duration_then_parse_is_exact(seconds: int) -> None:
    duration = timedelta(seconds=seconds)
    text = format_duration(duration)
    assert parse_duration(text) == duration
    assert cli_duration(text) == duration


@given(
    st.one_of(st.none(), st.integers(0, 999)),
    st.one_of(st.none(), st.integers(0, 99)),
    st.one_of(st.none(), st.integers(0, 999)),
    st.one_of(st.none(), st.integers(0, 9999)),
)
def test_every_cli_duration_form_means_what_the_cli_says(
    days: int | None, hours: int | None, minutes: int | None, seconds: int | None
) -> None:
    parts = [(days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")]
    text = "".join(f"{value}{unit}" for value, unit in parts if value is not None)
    assume(text)
    assert parse_duration(text) == cli.parse_timedelta(text)


@given(st.from_regex(r"\A(\d{1,4}[dhms]){1,4}\Z"))
def test_whatever_duration_the_cli_accepts_means_the_same_here(text: str) -> None:
    expected = cli_duration(text)
    if expected is not None:
        assert parse_duration(text) == expected
    else:
        # Parts out of order or repeated (1h1d, 1m1m) mean nothing to the CLI either.
        with pytest.raises(InvalidArgument):
            parse_duration(text)


def test_zero_means_no_limit_like_the_cli() -> None:
    assert parse_duration("0") == timedelta(0) == cli.parse_timedelta("0")
    assert parse_duration("no limit") is None
    assert format_duration(None) == "no limit"
    assert format_duration(timedelta(0)) == "0"


@pytest.mark.parametrize(
    ("text", "hint"),
    [("1K", "ambiguous"), ("1KB", "ambiguous"), ("10g", "did you mean G"), ("5gi", "Gi")],
)
def test_ambiguous_or_miscased_units_are_refused_with_a_hint(text: str, hint: str) -> None:
    assert cli_size(text) is None  # the CLI refuses them too
    with pytest.raises(InvalidArgument, match=hint):
        parse_size(text)


@pytest.mark.parametrize(
    ("text", "size"),
    [("1.5G", 1_500_000_000), ("10 GiB", 10 * 2**30), ("0.5Ki", 512), (" 20GB ", 20 * 10**9)],
)
def test_friendlier_forms_the_cli_refuses(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "-1G", "1.0000000001k", "G", "1 2G", "1e9"])
def test_malformed_sizes_name_the_accepted_forms(text: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        parse_size(text)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("value", [True, -1, 1.5, None])
def test_sizes_must_be_whole_non_negative_numbers(value: object) -> None:
    with pytest.raises(InvalidArgument):
        parse_size(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "1x", "d", "1h1d", "-5m", "1.5h"])
def test_malformed_durations_name_the_accepted_forms(text: str) -> None:
    with pytest.raises(InvalidArgument, match="1d2h3m4s"):
        parse_duration(text)
