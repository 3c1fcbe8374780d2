"""``python -m apolo_disks_jupyter.server --data-dir DIR``: run the local disk service.

Prints where it serves (never the token: that is in ``DIR/connection.json``, mode 0600). When
a live service already owns the folder, says where it runs and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path

from ..client.errors import InvalidArgument
from ..client.units import parse_size
from .ownership import FolderBusy, ServiceAlreadyRunning
from .service import LocalDiskService
from .settings import DEFAULT_QUOTA_BYTES, login_name


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except InvalidArgument as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(f"{text!r} must be 0 or more seconds")
    return value


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="apolo-disks-server",
        description="Serve the Apolo disks API on this machine: one directory per disk.",
    )
    cli.add_argument("--data-dir", type=Path, required=True, help="the data folder")
    cli.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    cli.add_argument("--port", type=int, default=0, help="port (default 0: any free port)")
    cli.add_argument("--user", default=None, help=f"user name (default: {login_name()})")
    cli.add_argument("--cluster", default="local", help="cluster name (default: local)")
    cli.add_argument("--org", default="local", help="org name (default: local)")
    cli.add_argument("--project", default="default", help="default project (default: default)")
    cli.add_argument(
        "--quota",
        type=_size,
        default=DEFAULT_QUOTA_BYTES,
        help="storage limit per project, e.g. 500Gi (default, the platform's) or 10G",
    )
    cli.add_argument(
        "--pending-seconds",
        type=_seconds,
        default=0.0,
        help="keep new disks Pending this long before Ready (default 0)",
    )
    cli.add_argument(
        "--idle-timeout",
        type=_seconds,
        default=None,
        help="stop after this many seconds without a request (default: never)",
    )
    cli.add_argument("--usage-interval", type=_seconds, default=30.0, help=argparse.SUPPRESS)
    cli.add_argument("--reaper-interval", type=_seconds, default=60.0, help=argparse.SUPPRESS)
    return cli


async def serve(args: argparse.Namespace) -> int:
    service = LocalDiskService(
        args.data_dir,
        host=args.host,
        port=args.port,
        user=args.user,
        cluster=args.cluster,
        org=args.org,
        project=args.project,
        quota_bytes=args.quota,
        pending_seconds=args.pending_seconds,
        idle_timeout=args.idle_timeout,
        usage_interval=args.usage_interval,
        reaper_interval=args.reaper_interval,
    )
    try:
        await service.start()
    except ServiceAlreadyRunning as running:
        print(f"{running} Using it.", flush=True)
        return 0
    except FolderBusy as busy:
        print(busy, file=sys.stderr, flush=True)
        return 1
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, service.request_stop)
    print(
        f"Local disk service for {service.data_dir} at {service.url} (pid {service.pid}); "
        f"token in {service.data_dir / 'connection.json'}",
        flush=True,
    )
    try:
        await service.wait_stopped()
    finally:
        await service.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    # The usage scan runs in a thread: hand the GIL back to the event loop more often so
    # requests stay fast while a large disk is measured (a service process only; an
    # in-process LocalDiskService leaves its host's interpreter settings alone).
    sys.setswitchinterval(0.0005)
    return asyncio.run(serve(args))


if __name__ == "__main__":
    sys.exit(main())
