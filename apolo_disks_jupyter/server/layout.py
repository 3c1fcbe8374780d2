"""Where everything lives inside a data folder, and private (0600) atomic file writes."""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataLayout:
    """The files and folders of one data folder.

    ``volumes/`` holds exactly one directory per disk; ``trash/`` and ``tmp/`` sit beside it
    on the same file system so that moving a directory there is an atomic rename.
    """

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "disks.db"

    @property
    def volumes(self) -> Path:
        return self.root / "volumes"

    @property
    def trash(self) -> Path:
        return self.root / "trash"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def connection_file(self) -> Path:
        return self.root / "connection.json"

    @property
    def token_file(self) -> Path:
        return self.root / "token"

    @property
    def secret_file(self) -> Path:
        return self.root / "secret"

    @property
    def start_lock(self) -> Path:
        return self.root / "start.lock"

    @property
    def service_lock(self) -> Path:
        return self.root / "service.lock"

    @property
    def log_file(self) -> Path:
        return self.root / "service.log"

    def prepare(self) -> None:
        """Create the folder (0700) and its sub-folders when missing."""
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        for folder in (self.volumes, self.trash, self.tmp):
            folder.mkdir(exist_ok=True)


def write_private(path: Path, data: bytes, *, tmp_dir: Path | None = None) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, then rename), mode 0600."""
    folder = tmp_dir if tmp_dir is not None else path.parent
    tmp = folder / f".{path.name}.{uuid.uuid4().hex}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def read_private(path: Path) -> bytes | None:
    """The bytes of ``path`` (tightening its mode to 0600), or None when it does not exist."""
    try:
        with path.open("rb") as file:
            if os.fstat(file.fileno()).st_mode & 0o077:
                os.fchmod(file.fileno(), 0o600)
            return file.read()
    except FileNotFoundError:
        return None
