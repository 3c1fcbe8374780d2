"""The widget state stays small: each disk is one short array, never a DataFrame row."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

from apolo_disks_jupyter.client.disk import Disk
from apolo_disks_jupyter.notebook.panel import DisksPanel

from .conftest import Service, send, wait_for

BUDGET = 300  # bytes of widget state per disk (issue 5's goal)


def state_bytes(panel: DisksPanel) -> int:
    return len(json.dumps(panel.get_state()["disks"]))


def test_real_disks_cost_well_under_the_budget(panel: DisksPanel, service: Service) -> None:
    count = 60
    for i in range(count):
        service.create(10**9 * (i % 5 + 1), name=f"train-data-{i:03}", life_span=timedelta(days=1))
    send(panel, {"kind": "refresh"})
    wait_for(lambda: len(panel.disks) == count)
    per_disk = state_bytes(panel) / count
    print(f"\n[panel state] {per_disk:.0f} bytes per disk ({count} disks from the service)")
    assert per_disk <= BUDGET


def test_ten_thousand_longest_disks_stay_under_the_budget(panel: DisksPanel) -> None:
    now = datetime.now(timezone.utc)
    disks = [
        Disk(
            id=f"disk-{i:08x}-2c3c-4d96-934e-1fdc8acb0b6b",
            storage=999_999_999_999_999,
            owner="someone",
            status=Disk.Status.PENDING,
            cluster_name="local",
            project_name="p" * 63,
            org_name="local",
            created_at=now,
            last_usage=now,
            name=f"n{i:08}".ljust(40, "x"),
            timeout_unused=timedelta(days=30),
            used_bytes=999_999_999_999_999,
        )
        for i in range(10_000)
    ]
    description = panel._description
    assert description is not None
    generation, started, _ = panel._start_refresh()
    began = time.perf_counter()
    panel._apply_listing((description, disks, "p" * 63), generation, started)
    took = time.perf_counter() - began
    per_disk = state_bytes(panel) / len(disks)
    print(
        f"\n[panel state] worst case {per_disk:.0f} bytes per disk; "
        f"10,000 published in {took * 1000:.0f} ms"
    )
    assert len(panel.disks) == 10_000
    assert per_disk <= BUDGET
    panel.close()  # stop watching 10,000 Pending disks that the service never heard of
