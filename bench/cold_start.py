"""Cold start: a fresh process's first ``%disks ls``, and a script's first list.

Every run is a new Python process with a new, empty ``APOLO_DISKS_DATA_DIR`` and an empty
``APOLO_CONFIG`` (so the embedded local service is the connection, as for a user with no
``apolo login``), timed from its start until its work is done; it then leaves with
``os._exit``, so interpreter teardown is not counted, for any command. Commands are timed
round-robin, so machine drift hits every command alike; the median of the rounds is reported.

"Cold" means the service is not running yet: the timed process finds no live service, starts
one as a detached process of its own and waits for it, so its start-up is part of the time the
user waits. "Warm" means a service for that folder is already running (another kernel started
it): the common case after the first kernel of the day. The service that a cold run starts is
stopped after the run, outside the timing.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ._common import (
    PYTHON,
    Goal,
    Section,
    ServiceProcess,
    isolated_env,
    median,
    ms,
    ratio,
    stop_embedded_service,
)

# Every command ends here: the time is the time to the result. Interpreter teardown (module
# finalisation, IPython's history writer) is left out for every command alike; it adds about
# 0.1 s to a bare `import pandas, IPython` and 0.25 s to the magic's process on the machine of
# bench/README.md, none of which a user waits for in a running kernel.
DONE = "\nimport os as _os, sys as _sys\n_sys.stdout.flush()\n_os._exit(0)\n"

MAGIC = """\
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
shell.run_line_magic("load_ext", "apolo_disks_jupyter")
frame = shell.run_line_magic("disks", "ls")
assert frame is not None and hasattr(frame, "columns"), frame
"""

SCRIPT = """\
import asyncio
import apolo_disks_jupyter

async def main():
    async with apolo_disks_jupyter.connect() as client:
        async with client.disks.list() as disks:
            return [d async for d in disks]

assert isinstance(asyncio.run(main()), list)
"""


@dataclass
class Command:
    name: str
    code: str
    service: str  # "none" (no service involved), "cold" or "warm"


COMMANDS = (
    Command("python -c pass", "pass", "none"),
    Command("import aiohttp", "import aiohttp", "none"),
    Command("import pandas, IPython", "import pandas, IPython", "none"),
    Command("%load_ext + %disks ls, cold", MAGIC, "cold"),
    Command("%load_ext + %disks ls, warm", MAGIC, "warm"),
    Command("script connect + list, cold", SCRIPT, "cold"),
    Command("script connect + list, warm", SCRIPT, "warm"),
)


def _run_once(command: Command, root: Path, round_no: int) -> float:
    home = root / f"{round_no}-{COMMANDS.index(command)}"
    data, config = home / "data", home / "apolo-config"
    config.mkdir(parents=True)
    # IPython's own folder (history database) in the temporary tree too, shared by the runs.
    env = isolated_env(data, config, IPYTHONDIR=str(root / "ipython"))
    warm = ServiceProcess(data) if command.service == "warm" else None
    try:
        if warm is not None:
            warm.__enter__()
        t0 = time.perf_counter()
        done = subprocess.run(
            [PYTHON, "-c", command.code + DONE],
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )
        elapsed = time.perf_counter() - t0
    finally:
        if warm is not None:
            warm.__exit__(None, None, None)
        if command.service == "cold":
            stop_embedded_service(data)
    if done.returncode != 0:
        err = (done.stderr or done.stdout).decode(errors="replace")[-1500:]
        raise RuntimeError(f"{command.name!r} failed ({done.returncode}):\n{err}")
    return elapsed


def _service_start(root: Path, rounds: int) -> float:
    """How long `python -m apolo_disks_jupyter.server` takes to write connection.json."""
    times = []
    for i in range(rounds):
        t0 = time.perf_counter()
        with ServiceProcess(root / f"svc-start-{i}" / "data"):
            times.append(time.perf_counter() - t0)
    return median(times)


# The quick check runs each code path once: a cold magic and a warm script.
TINY_SKIPS = ("%load_ext + %disks ls, warm", "script connect + list, cold")


BASELINES = {
    "%load_ext + %disks ls, cold": "import pandas, IPython",
    "%load_ext + %disks ls, warm": "import pandas, IPython",
    "script connect + list, cold": "import aiohttp",
    "script connect + list, warm": "import aiohttp",
}
# Issue 5's goals: the magic on the embedded default not yet running; the script (which
# usually finds the service running, started by a kernel or a previous run) warm.
GOALS = ("%load_ext + %disks ls, cold", "script connect + list, warm")


def _goals(t: dict[str, float]) -> list[Goal]:
    return [
        Goal(f"{name} / {BASELINES[name]}", t[name] / t[BASELINES[name]], "<=", 1.5)
        for name in GOALS
        if name in t
    ]


def run(tiny: bool = False) -> Section:
    rounds = 1 if tiny else 10
    commands = [c for c in COMMANDS if not (tiny and c.name in TINY_SKIPS)]
    times: dict[str, list[float]] = {c.name: [] for c in commands}
    with tempfile.TemporaryDirectory(prefix="apolo-bench-cold-") as tmp:
        root = Path(tmp)
        if not tiny:
            for command in commands:  # warm-up: file-system caches, .pyc files
                _run_once(command, root, -1)
        for round_no in range(rounds):
            for command in commands:
                times[command.name].append(_run_once(command, root, round_no))
        service_start = None if tiny else _service_start(root, rounds // 2)
    t = {name: median(v) for name, v in times.items()}
    base = t["python -c pass"]
    rows = [
        [
            name,
            ms(v),
            ratio(v, base),
            f"{ratio(v, t[BASELINES[name]])} {BASELINES[name]}" if name in BASELINES else "",
        ]
        for name, v in t.items()
    ]
    if service_start is not None:
        rows.append(["(service process alone, to connection.json)", ms(service_start), "", ""])
    goals = _goals(t)
    return Section(
        "2. Cold start (median wall time of a fresh process)",
        ["command", "time", "× python -c pass", "× its baseline"],
        rows,
        goals,
        [
            f"{rounds} rounds; each run has a fresh empty data folder and an empty APOLO_CONFIG.",
            "cold: no service yet, the run starts one (a separate process) and waits for it;"
            " warm: a service for that folder already runs.",
            "%disks runs in IPython's InteractiveShell built by the script (what a kernel has).",
            "Each process is timed to its result and leaves with os._exit: interpreter"
            " teardown is not counted (for the baselines neither).",
            "Goals: the magic cold, as issue 5 asks; the script warm (a script usually finds"
            " the service running). The other two ratios are for information.",
        ],
    )
