"""One directory per disk under ``volumes/``; removal goes through ``trash/`` (same file system).

Only ids this service generated (``disk-<uuid4>``) are turned into paths, so no request can
name a path outside the data folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from pathlib import Path

from ..client.references import is_disk_id
from .layout import DataLayout


class Volumes:
    """The disk directories of one data folder."""

    def __init__(self, layout: DataLayout) -> None:
        self._layout = layout

    def path(self, disk_id: str) -> Path:
        if not is_disk_id(disk_id):
            raise ValueError(f"{disk_id!r} is not a disk id")
        return self._layout.volumes / disk_id

    def create(self, disk_id: str) -> None:
        # exist_ok: finishing a create that a crash interrupted after the mkdir is fine.
        self.path(disk_id).mkdir(exist_ok=True)

    def exists(self, disk_id: str) -> bool:
        return self.path(disk_id).is_dir()

    def entries(self) -> list[str]:
        """Names of everything inside ``volumes/`` (normally one directory per disk)."""
        return [entry.name for entry in os.scandir(self._layout.volumes)]

    def discard(self, entry_name: str) -> Path | None:
        """Move ``volumes/<entry_name>`` into the trash; its new path, or None if absent."""
        if not entry_name or "/" in entry_name or entry_name in (".", ".."):
            raise ValueError(f"{entry_name!r} is not an entry of volumes/")
        target = self._layout.trash / f"{entry_name}.{uuid.uuid4().hex}"
        try:
            os.rename(self._layout.volumes / entry_name, target)
        except FileNotFoundError:
            return None
        return target

    def purge(self, path: Path) -> None:
        """Delete a trashed entry for good (a symlink is removed, never followed)."""
        if path.is_symlink() or not path.is_dir():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            return
        shutil.rmtree(path, ignore_errors=True)

    def empty_trash(self) -> int:
        """Purge everything in ``trash/`` and ``tmp/``; how many entries were removed."""
        count = 0
        for folder in (self._layout.trash, self._layout.tmp):
            for entry in os.scandir(folder):
                self.purge(Path(entry.path))
                count += 1
        return count
