"""Measuring a disk directory: bytes used and the newest change inside (blocking)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

# The directory's own mtime also moves when something inside is deleted; it counts as a
# use only when clearly later than the creation (mkdir itself sets it).
_ROOT_MTIME_SLACK = 1.0


@dataclass(frozen=True)
class Usage:
    used_bytes: int
    #: Newest modification time seen inside (epoch seconds), None if nothing was ever written.
    newest_change: float | None


def measure(path: Path, created_ts: float) -> Usage | None:
    """Bytes of the regular files under ``path`` (hard links once, symlinks not followed)
    and the newest change inside; None when ``path`` is not a directory."""
    try:
        root = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISDIR(root.st_mode):
        return None
    newest = root.st_mtime if root.st_mtime > created_ts + _ROOT_MTIME_SLACK else None
    total = 0
    seen: set[tuple[int, int]] = set()
    stack = [str(path)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # removed or unreadable meanwhile
            continue
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if newest is None or info.st_mtime > newest:
                newest = info.st_mtime
            if stat.S_ISDIR(info.st_mode):
                stack.append(entry.path)
            elif stat.S_ISREG(info.st_mode):
                key = (info.st_dev, info.st_ino)
                if info.st_nlink > 1:
                    if key in seen:
                        continue
                    seen.add(key)
                total += info.st_size
    return Usage(used_bytes=total, newest_change=newest)
