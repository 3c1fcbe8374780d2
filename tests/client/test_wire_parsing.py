"""The fast list parser builds exactly the ``Disk`` that ``disk_from_wire`` builds."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apolo_disks_jupyter.client import Disk, DisksError
from apolo_disks_jupyter.client._wire import disks_from_wire
from apolo_disks_jupyter.client.disk import disk_from_wire

moments = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.one_of(st.none(), st.just(timezone.utc), st.timezones()),
).map(lambda moment: moment.isoformat())

payloads = st.fixed_dictionaries(
    {
        "id": st.uuids().map(lambda u: f"disk-{u}"),
        "storage": st.integers(0, 10**15),
        "status": st.sampled_from(["Pending", "Ready", "Broken"]),
        "owner": st.sampled_from(["alice", "bob"]),
        "name": st.one_of(st.none(), st.just(""), st.just("my-disk")),
        "org_name": st.one_of(st.none(), st.just(""), st.just("myorg")),
        "project_name": st.one_of(st.just("proj"), st.just("")),
        "created_at": moments,
        "last_usage": st.one_of(st.none(), moments),
        "life_span": st.one_of(st.none(), st.floats(0, 10**8), st.integers(0, 10**8)),
        "used_bytes": st.one_of(st.none(), st.integers(0, 10**12)),
    },
    optional={"extra": st.integers(), "labels": st.lists(st.text(max_size=3))},
)


@given(st.lists(payloads, max_size=5))
def test_fast_parse_equals_disk_from_wire(items: list[dict[str, Any]]) -> None:
    fast = disks_from_wire(items, "cluster")
    slow = [disk_from_wire(item, "cluster") for item in items]
    assert fast == slow
    assert [repr(d) for d in fast] == [repr(d) for d in slow]
    assert [hash(d) for d in fast] == [hash(d) for d in slow]


def test_fast_parsed_disks_stay_frozen() -> None:
    (item,) = disks_from_wire(
        [
            {
                "id": "disk-1",
                "storage": 1,
                "status": "Ready",
                "owner": "alice",
                "created_at": "2026-01-01T00:00:00+00:00",
            }
        ],
        "c",
    )
    assert isinstance(item, Disk)
    with pytest.raises(AttributeError):
        item.storage = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    "bad",
    [
        {"id": "disk-1"},
        {"id": "disk-1", "storage": 1, "status": "Lost", "owner": "a", "created_at": "x"},
        "not a disk",
        None,
    ],
)
def test_unreadable_disks_raise_disks_error(bad: Any) -> None:
    with pytest.raises(DisksError):
        disks_from_wire([bad], "c")


def test_odd_but_readable_types_fall_back_to_disk_from_wire() -> None:
    item = {
        "id": "disk-1",
        "storage": "500",
        "status": "Ready",
        "owner": "a",
        "created_at": "2026-01-01T00:00:00",
        "used_bytes": "7",
    }
    assert disks_from_wire([item], "c") == [disk_from_wire(item, "c")]
