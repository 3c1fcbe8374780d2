"""``%disks status`` and ``%disks use``: where the kernel is connected."""

from __future__ import annotations

import argparse
import os
from typing import Any

from IPython.core.error import UsageError

from ...client.errors import InvalidArgument
from .context import Context, usage
from .parsing import arg, command


@command("status", example="%disks status")
def status(ctx: Context, args: argparse.Namespace) -> Any:
    """Say where this kernel is connected, as whom, and the cluster, org and project."""
    return ctx.session.describe()


@command(
    "use",
    arg(
        "target",
        metavar="TARGET",
        help="local (the embedded service), apolo (your apolo login), auto, or the API base URL",
    ),
    arg(
        "--token-env", metavar="VAR", help="read the token for a URL from environment variable VAR"
    ),
    example="%disks use local · %disks use https://api.apolo.us/api/v1 --token-env MY_TOKEN",
)
def use(ctx: Context, args: argparse.Namespace) -> Any:
    """Switch this kernel's disk service; the previous one stays if the new one fails."""
    token = None
    if args.token_env is not None:
        if not args.target.startswith(("http://", "https://")):
            raise UsageError("--token-env goes with a URL target.")
        token = os.environ.get(args.token_env)
        if not token:
            raise UsageError(f"Environment variable {args.token_env} is not set or empty.")
    try:
        from ..session import parse_target

        parse_target(args.target, token)
    except InvalidArgument as exc:
        usage(exc)
    return ctx.session.use(args.target, token=token)


__all__ = ["status", "use"]
