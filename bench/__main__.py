"""``python -m bench [--tiny] [--only NAME ...] [--markdown FILE]``: print the benchmark tables.

Absolute times depend on the machine; the ratios, measured in one run on one machine, are what
the goals are about.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import shutil
import subprocess
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

from ._common import Goal, Section, render, table

BENCHMARKS = ("listing", "cold_start", "service_load", "usage_scan", "panel_render")


def machine() -> str:
    """CPU model, cores, Python and OS: what the numbers were measured on."""
    model = "unknown CPU"
    try:
        lscpu = subprocess.run(
            [shutil.which("lscpu") or "/usr/bin/lscpu"], capture_output=True, text=True, check=False
        ).stdout
        for line in lscpu.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC"
    )


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    cli.add_argument("--tiny", action="store_true", help="tiny sizes: checks that all runs")
    cli.add_argument("--only", nargs="+", choices=BENCHMARKS, help="run only these")
    cli.add_argument("--markdown", type=Path, help="also write the report to this file")
    args = cli.parse_args(argv)
    header = f"# Benchmarks{' (tiny sizes)' if args.tiny else ''}\n\nMachine: {machine()}\n"
    print(header, flush=True)
    parts = [header]
    goals: list[Goal] = []
    failed: list[str] = []
    for name in args.only or BENCHMARKS:
        module = importlib.import_module(f"bench.{name}")
        started = time.monotonic()
        try:
            section: Section = module.run(tiny=args.tiny)
        except Exception:
            failed.append(name)
            text = f"## {name}: FAILED\n\n```\n{traceback.format_exc()}```\n"
        else:
            goals += section.goals
            text = render(section) + f"\n({time.monotonic() - started:.0f} s)\n"
        print(text, flush=True)
        parts.append(text)
    summary = "## Goals\n\n" + table(
        ["goal", "measured", "target", "", "note"], [g.row() for g in goals]
    )
    summary += f"\n\n{sum(g.met for g in goals)} of {len(goals)} goals met"
    summary += f"; failed to run: {', '.join(failed)}\n" if failed else "\n"
    print(summary, flush=True)
    parts.append(summary)
    if args.markdown:
        args.markdown.write_text("\n".join(parts))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
