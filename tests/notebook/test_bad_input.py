"""Bad input: one clear line, the cell fails, nothing is sent and nothing changes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from IPython.core.error import UsageError

from apolo_disks_jupyter.notebook.magic.core import DisksMagic
from apolo_disks_jupyter.notebook.session import Session, _Backend

BAD_INPUT = [
    # sizes
    ("create 1K", "K is ambiguous"),
    ("create 10g", "case-sensitive"),
    ("create abc", "Cannot read size"),
    ("create 1.5", "not a whole number of bytes"),
    ("create -5G", "SIZE"),
    ("create", "the following arguments are required: SIZE"),
    # names
    ("create 1G --name 1digit", "Disk name '1digit'"),
    ("create 1G --name ab-", "Disk name 'ab-'"),
    ("create 1G --name a--b", "Disk name 'a--b'"),
    ("create 1G --name Ab", "Disk name 'Ab'"),
    ("create 1G --name 'with space'", "Disk name 'with space'"),
    ("create 1G --name ab", "has 2 characters"),
    # durations
    ("create 1G --timeout-unused 1x", "Cannot read duration '1x'"),
    ("create 1G --timeout-unused 2d --no-timeout", "not both"),
    ("create 1G --timeout-unused", "expected one argument"),
    # scopes and flags
    ("create 1G --project bad/proj", "Invalid project name 'bad/proj'"),
    ("create 1G --bogus", "unrecognized arguments: --bogus"),
    ("ls --project p --all-projects", "not both"),
    ("ls -o 1bad", "Python variable name"),
    ("ls -o class", "Python variable name"),
    ("ls --org 'a b'", "Invalid org name"),
    ("ls --cluster", "expected one argument"),
    # disk references
    ("get", "the following arguments are required: DISK"),
    ("get ../etc", "is not a disk reference"),
    ("get 'x?project_name=other'", "is not a disk reference"),
    ("get disk://only/two", "is not a disk URI"),
    ("get %2Fetc", "is not a disk reference"),
    ("rm", "the following arguments are required: DISK"),
    ("rm good-name ../bad", "'../bad' is not a disk reference"),
    # paths and modes
    ("mount my-disk", "has no container path"),
    ("mount my-disk:relative/path", "must be absolute"),
    ("mount my-disk:/data:rx", "use ro or rw"),
    ("mount my-disk:/a:b:ro", "too many ':'"),
    ("mount my-disk:/data --format helm", "Unknown format 'helm'"),
    ("mount", "the following arguments are required"),
    # connection targets
    ("use ftp://example.com", "Cannot use 'ftp://example.com'"),
    ("use local --token-env HOME", "--token-env goes with a URL"),
    ("use https://example.com/api/v1 --token-env APOLO_DISKS_NO_SUCH_VAR", "is not set"),
    ("use", "the following arguments are required: TARGET"),
    # commands
    ("nosuch", "Unknown %disks command 'nosuch'"),
    ("help nosuch", "Unknown %disks command 'nosuch'"),
    ("status now", "unrecognized arguments: now"),
    ("create 1G --name 'abc", "cannot read the arguments"),
]


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_there_are_at_least_25_cases() -> None:
    assert len(BAD_INPUT) >= 25


@pytest.mark.parametrize(("line", "message"), BAD_INPUT)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    kernel: Any, line: str, message: str
) -> None:
    kernel.disks("create 1G --name good-name")
    before = kernel.ids()
    result = kernel.cell(f"%disks {line}")
    assert isinstance(result.error, UsageError), result
    assert lines(result.shown) == [f"UsageError: {result.error}"]
    assert message in str(result.error)
    assert "Traceback" not in result.shown
    assert kernel.ids() == before


@pytest.fixture
def offline(ipython: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """%disks bound to a session whose service cannot be reached: any request would fail."""
    monkeypatch.setenv("APOLO_DISKS_TOKEN", "unused")
    session = Session()
    session._backend = _Backend("url", "http://127.0.0.1:9/api/v1", "token")
    magic = DisksMagic(shell=ipython, session=session)
    ipython.register_magics(magic)
    yield ipython
    ipython.magics_manager.magics["line"].pop("disks", None)
    while magic in ipython.configurables:
        ipython.configurables.remove(magic)
    session.close()


@pytest.mark.parametrize(("line", "message"), BAD_INPUT)
def test_bad_input_never_sends_a_request(offline: Any, line: str, message: str) -> None:
    # Were anything sent, the unreachable service would give ServiceUnavailable instead.
    with pytest.raises(UsageError, match=None):
        offline.run_line_magic("disks", line)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("get no-such-disk", "DiskNotFound"),
        ("rm no-such-disk", "DiskNotFound"),
        ("mount no-such-disk:/data", "DiskNotFound"),
        ("get disk:/no-project/no-such-disk", "DiskNotFound"),
        ("get disk-00000000-0000-4000-8000-000000000000", "DiskNotFound"),
    ],
)
def test_unknown_disks_are_one_line_and_change_nothing(kernel: Any, line: str, kind: str) -> None:
    kernel.disks("create 1G --name good-name")
    before = kernel.ids()
    result = kernel.cell(f"%disks {line}")
    assert result.failed
    assert type(result.error).__name__ == kind
    assert lines(result.shown) == [f"{kind}: {result.error}"]
    assert kernel.ids() == before
