"""The start-up repair: make records and directories agree again after a crash.

Runs before the service answers anything and before ``connection.json`` is written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .store import DiskStore
from .volumes import Volumes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RepairReport:
    finished_creates: int = 0
    broken: int = 0
    healed: int = 0
    orphans_removed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.finished_creates} interrupted create(s) finished, {self.broken} disk(s) "
            f"without a directory marked Broken, {self.healed} disk(s) no longer Broken, "
            f"{self.orphans_removed} directory(ies) without a record moved to the trash"
        )


def repair(store: DiskStore, volumes: Volumes) -> RepairReport:
    """Finish interrupted creates, mark disks whose directory is gone Broken, and trash every
    entry of ``volumes/`` that has no record. Blocking."""
    states = store.states()
    entries = set(volumes.entries())
    finished = broken = healed = 0
    for disk_id, (creating, was_broken) in states.items():
        present = disk_id in entries
        if creating:
            # The client may not have had its answer, but the record holds the name: finish.
            volumes.create(disk_id)
            store.mark_created(disk_id)
            finished += 1
        elif not present and not was_broken:
            store.set_broken(disk_id, True)
            broken += 1
        elif present and was_broken:
            store.set_broken(disk_id, False)
            healed += 1
    orphans = sorted(entries - states.keys())
    for entry in orphans:
        volumes.discard(entry)
    report = RepairReport(finished, broken, healed, len(orphans))
    if finished or broken or healed or orphans:
        log.warning("Repaired the data folder: %s.", report)
    return report
