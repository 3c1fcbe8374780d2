"""disks_frame: one typed row per disk, and its humanized display."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pandas as pd
import pytest

from apolo_disks_jupyter.client.disk import Disk
from apolo_disks_jupyter.notebook.display import frame_html, frame_text
from apolo_disks_jupyter.notebook.frames import COLUMNS, disks_frame

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
EXPECTED_DTYPES = {
    "name": "str",
    "status": "category",
    "storage": "int64",
    "used_bytes": "Int64",
    "used_fraction": "Float64",
    "created_at": "datetime64[ns, UTC]",
    "last_usage": "datetime64[ns, UTC]",
    "timeout_unused": "timedelta64[ns]",
    "expires_at": "datetime64[ns, UTC]",
    "owner": "str",
    "project_name": "str",
    "org_name": "str",
    "cluster_name": "str",
    "uri": "str",
}


def a_disk(**changes: Any) -> Disk:
    values: dict[str, Any] = {
        "id": f"disk-{uuid.uuid4()}",
        "storage": 10**9,
        "owner": "alice",
        "status": Disk.Status.READY,
        "cluster_name": "c1",
        "project_name": "proj",
        "org_name": "org",
        "created_at": NOW - timedelta(days=2),
        "last_usage": None,
        "name": None,
        "timeout_unused": timedelta(days=1),
        "used_bytes": None,
    }
    values.update(changes)
    return Disk(**values)


@pytest.mark.parametrize(("column", "dtype"), EXPECTED_DTYPES.items())
def test_every_column_has_its_dtype(column: str, dtype: str) -> None:
    frame = disks_frame([a_disk(name="one", used_bytes=5), a_disk()])
    assert str(frame[column].dtype) == dtype


def test_columns_are_exactly_the_documented_ones_in_order() -> None:
    assert tuple(disks_frame([a_disk()]).columns) == COLUMNS == tuple(EXPECTED_DTYPES)


def test_empty_list_gives_the_same_columns_and_dtypes() -> None:
    empty = disks_frame([])
    full = disks_frame([a_disk(name="x-disk", used_bytes=1)])
    assert empty.empty
    assert list(empty.columns) == list(full.columns)
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()
    assert empty.index.name == "id"
    assert str(empty.index.dtype) == str(full.index.dtype)


def test_rows_are_indexed_by_id_with_the_disks_values() -> None:
    disk = a_disk(name="my-data", used_bytes=250_000_000, last_usage=NOW)
    row = disks_frame([disk]).loc[disk.id]
    assert row["name"] == "my-data"
    assert row["storage"] == 10**9
    assert row["used_bytes"] == 250_000_000
    assert row["used_fraction"] == pytest.approx(0.25)
    assert row["created_at"] == pd.Timestamp(disk.created_at)
    assert row["last_usage"] == pd.Timestamp(NOW)
    assert row["uri"] == str(disk.uri)
    assert (row["owner"], row["project_name"], row["org_name"], row["cluster_name"]) == (
        "alice",
        "proj",
        "org",
        "c1",
    )


def test_status_is_categorical_with_every_lifecycle_state() -> None:
    frame = disks_frame([a_disk(status=Disk.Status.PENDING)])
    assert list(frame["status"].cat.categories) == ["Pending", "Ready", "Broken"]
    assert frame["status"].iloc[0] == "Pending"


def test_expires_at_of_a_never_used_disk_counts_from_creation() -> None:
    disk = a_disk(last_usage=None, timeout_unused=timedelta(hours=5))
    expires = disks_frame([disk])["expires_at"].iloc[0]
    assert expires == pd.Timestamp(disk.created_at + timedelta(hours=5))
    assert expires == pd.Timestamp(disk.expires_at)


def test_expires_at_of_a_used_disk_counts_from_last_use() -> None:
    disk = a_disk(last_usage=NOW, timeout_unused=timedelta(days=1))
    assert disks_frame([disk])["expires_at"].iloc[0] == pd.Timestamp(NOW + timedelta(days=1))


def test_a_disk_without_limit_never_expires() -> None:
    frame = disks_frame([a_disk(timeout_unused=None), a_disk(timeout_unused=timedelta(0))])
    assert frame["timeout_unused"].isna().all()
    assert frame["expires_at"].isna().all()


def test_unmeasured_usage_and_empty_disks_have_no_fraction() -> None:
    frame = disks_frame([a_disk(used_bytes=None), a_disk(storage=0, used_bytes=0)])
    assert frame["used_bytes"].isna().tolist() == [True, False]
    assert frame["used_fraction"].isna().all()


def test_missing_names_and_orgs_are_missing_values() -> None:
    frame = disks_frame([a_disk(name=None, org_name=None)])
    assert frame["name"].isna().all()
    assert frame["org_name"].isna().all()


def test_pandas_filter_expiring_within_a_day() -> None:
    soon = a_disk(
        name="soon", created_at=NOW - timedelta(hours=20), timeout_unused=timedelta(days=1)
    )
    later = a_disk(name="later", created_at=NOW, timeout_unused=timedelta(days=7))
    never = a_disk(name="never", timeout_unused=None)
    frame = disks_frame([soon, later, never])
    expiring = frame[frame["expires_at"] < pd.Timestamp(NOW) + pd.Timedelta(days=1)]
    assert expiring["name"].tolist() == ["soon"]


def test_two_thousand_disks_build_quickly() -> None:
    disks = [a_disk(name=f"disk-{i}", used_bytes=i, last_usage=NOW) for i in range(2000)]
    disks_frame(disks[:10])  # warm the imports
    started = time.perf_counter()
    frame = disks_frame(disks)
    elapsed = time.perf_counter() - started
    assert len(frame) == 2000
    assert elapsed < 0.5, f"2,000 disks took {elapsed:.3f} s"


def test_display_is_humanized_while_values_stay_typed() -> None:
    disk = a_disk(name="my-data", storage=10 * 10**9, used_bytes=2_500_000_000, last_usage=NOW)
    frame = disks_frame([disk])
    page = frame_html(frame, now=NOW + timedelta(hours=3))
    assert "10.0 GB" in page
    assert "2.5 GB (25.0%)" in page
    assert 'style="width:25%"' in page  # the usage bar
    assert "3 hours ago" in page
    assert "in 21 hours" in page
    assert "my-data" in page
    assert frame["storage"].iloc[0] == 10 * 10**9


def test_display_says_never_for_unused_and_unlimited_disks() -> None:
    page = frame_html(disks_frame([a_disk(timeout_unused=None)]), now=NOW)
    assert page.count(">never<") == 2  # last used, expires


def test_text_display_is_a_compact_table() -> None:
    frame = disks_frame([a_disk(name="my-data")])
    text = frame_text(frame)
    assert text.splitlines()[0].split() == [
        "id",
        "name",
        "status",
        "size",
        "used",
        "expires",
        "project",
    ]
    assert "my-data" in text
    assert "1.0 GB" in text
    assert frame_text(disks_frame([])) == "No disks."


def test_long_frames_show_a_bounded_number_of_rows() -> None:
    frame = disks_frame([a_disk() for _ in range(100)])
    with pd.option_context("display.max_rows", 10):
        page = frame_html(frame)
    assert page.count("<tr>") == 11  # header + 10 rows
    assert "90 more not shown" in page
