"""The panel in headless Chromium: render, sort and filter N disks, against itables.

Both tables run in pages served over http://127.0.0.1 and are timed inside the page with
``performance.now()``: from the call (``render`` of the panel's bundle with a stand-in model
holding the synced state; ``new ITable`` with the arguments ``itables.to_html_datatable``
produces) through style and layout to the next paint. Library loading is outside the timing for
both. itables is given every row (``maxBytes=0``: no downsampling) so that its sort and filter
do the same work as the panel's; it shows pages of 10 rows, the panel a virtual window.

The panel's state is what the Python side syncs: the traits of a real ``DisksPanel`` on the
service holding the disks (else, where it cannot be imported, the rows of
``notebook.panel_rows.disk_row``, the function the panel uses).
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ._common import (
    PROJECT,
    REPO,
    Goal,
    Section,
    ServiceProcess,
    isolated_home,
    median,
    seed,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STATIC = REPO / "apolo_disks_jupyter" / "static"
PAGES = Path(__file__).resolve().parent / "panel_page"
SORT_KEYS = ("storage", "name", "created")  # panel buttons; itables headers below
IT_SORT_LABELS = ("storage", "name", "created_at")
FILTER_TEXT = "bench-default-12"


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain attribute
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
    }
    generated = Path()

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        for prefix, root in (("/static/", STATIC), ("/bench/", PAGES), ("/gen/", self.generated)):
            if path.startswith(prefix):
                return str(root / path[len(prefix) :])
        return str(PAGES / "index.html")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(generated: Path) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"generated": generated})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def real_panel_state() -> dict[str, Any] | None:
    """The synced traits of a ``DisksPanel`` on this process's embedded local service.

    None when the panel cannot be imported (the rows of ``disk_row`` stand in then).
    """
    try:
        from apolo_disks_jupyter.notebook.panel import DisksPanel
        from apolo_disks_jupyter.notebook.session import Session
    except ImportError:
        return None
    session = Session()
    try:
        panel = DisksPanel(project=PROJECT, session=session)
        try:
            deadline = time.monotonic() + 60
            while not (panel.refreshed_at and not panel.busy):
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        "the panel did not finish its first refresh in 60 s"
                        f" (connection {panel.connection}, messages {panel.messages})"
                    )
                time.sleep(0.05)
            state: dict[str, Any] = {
                key: value
                for key, value in panel.get_state().items()
                if not key.startswith("_")  # the module, its CSS and the model's bookkeeping
            }
        finally:
            panel.close()
    finally:
        session.close()
    return state


def rows_state(disks: list[Any]) -> dict[str, Any]:
    """The panel's state built from ``panel_rows.disk_row``: when DisksPanel is unavailable."""
    from apolo_disks_jupyter.notebook.panel_rows import disk_row

    return {
        "disks": [disk_row(d) for d in disks],
        "scope": PROJECT,
        "projects": [PROJECT],
        "connection": {"state": "connected", "where": "local service", "project": PROJECT},
        "busy": 0,
        "refreshed_at": 0,
        "messages": [],
        "deleting": [],
        "selected": [],
        "create_result": {},
        "snippet": {},
        "formats": ["cli", "sdk", "flow", "k8s", "docker"],
        "default_timeout": "1d",
    }


def state_bytes(state: dict[str, Any]) -> int:
    """Bytes of ``state`` as JSON, written as Jupyter's messages write it."""
    return len(json.dumps(state).encode())


def itables_page(frame: Any, folder: Path) -> tuple[dict[str, Any], str]:
    """Write the itables page (offline bundle) into ``folder``; the ITable args and module."""
    import itables
    from itables.javascript import (
        _itables_underscore_version,
        generate_init_offline_itables_html,
    )
    from itables.options import dt_bundle

    with warnings.catch_warnings():  # itables' own use of a deprecated pandas API
        warnings.simplefilter("ignore")
        html = itables.to_html_datatable(frame, connected=False, maxBytes=0)
    match = re.search(r"let dt_args = (\{.*?\});\n", html, re.DOTALL)
    if match is None:
        raise RuntimeError("could not find the DataTables arguments in itables' HTML")
    args = json.loads(match[1])
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>itables</title></head>"
        "<body><div id='widget'></div>"
        + generate_init_offline_itables_html(dt_bundle)
        + "<script type='module' src='/bench/itables.js'></script></body></html>"
    )
    (folder / "itables.html").write_text(page, encoding="utf-8")
    return args, _itables_underscore_version()


def _open(browser: Any, url: str, errors: list[str]) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    page.goto(url)
    page.wait_for_function("window.benchReady === true")
    return page


def _summary(samples: dict[str, list[dict[str, float]]]) -> dict[str, tuple[float, float]]:
    """Per action: (median ms to the next paint, median ms of the synchronous part)."""
    return {
        what: (median([s["paint"] for s in got]), median([s["sync"] for s in got]))
        for what, got in samples.items()
    }


def _measure(
    browser: Any,
    url: str,
    mount: tuple[str, Any],
    sort_keys: tuple[str, ...],
    repeats: int,
    errors: list[str],
) -> dict[str, tuple[float, float]]:
    """Each repeat: a fresh page, one render, a sort per key, a filter and its clearing."""
    samples: dict[str, list[dict[str, float]]] = {"render": [], "sort": [], "filter": []}
    reordered = False
    for _ in range(repeats):
        page = _open(browser, url, errors)
        try:
            got = page.evaluate(*mount)
            if got["rows"] == 0:
                raise RuntimeError(f"{url}: nothing rendered")
            samples["render"].append(got)
            before = None
            for key in sort_keys:
                got = page.evaluate("k => window.bench.sort(k)", key)
                reordered = reordered or (before is not None and got["first"] != before)
                before = got["first"]
                samples["sort"].append(got)
            narrowed = page.evaluate("t => window.bench.filter(t)", FILTER_TEXT)
            samples["filter"].append(narrowed)
            samples["filter"].append(page.evaluate("() => window.bench.filter('')"))
        finally:
            page.close()
    if not reordered:
        raise RuntimeError(f"{url}: sorting never changed the first row")
    return _summary(samples)


async def _list(service: ServiceProcess) -> list[Any]:
    from apolo_disks_jupyter import connect

    async with (
        connect(service.url, service.token) as client,
        client.disks.list(project_name=PROJECT) as disks,
    ):
        return [d async for d in disks]


def run(tiny: bool = False) -> Section:
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    from apolo_disks_jupyter.notebook.frames import disks_frame

    sizes = (20,) if tiny else (1_000, 10_000)
    repeats = 1 if tiny else 7
    snapshots = []
    # The data folder is the one isolated_home names: the panel's session finds the service.
    with isolated_home() as home, ServiceProcess(home / "data") as service:
        have = 0
        for n in sizes:
            asyncio.run(seed(service, n - have, start=have))
            have = n
            disks = asyncio.run(_list(service))
            real = real_panel_state()
            if real is not None and len(real["disks"]) != n:
                raise RuntimeError(f"the panel shows {len(real['disks'])} disks, expected {n}")
            state, source = (real, "DisksPanel") if real else (rows_state(disks), "disk_row")
            snapshots.append((disks, state, source))
    results = []
    errors: list[str] = []
    with (
        tempfile.TemporaryDirectory(prefix="apolo-bench-pages-") as generated,
        serve(Path(generated)) as origin,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            for disks, state, source in snapshots:
                n = len(disks)
                ours = _measure(
                    browser,
                    f"{origin}/bench/index.html",
                    ("s => window.bench.mount(s)", state),
                    SORT_KEYS,
                    repeats,
                    errors,
                )
                args, module = itables_page(disks_frame(disks), Path(generated))
                theirs = _measure(
                    browser,
                    f"{origin}/gen/itables.html",
                    ("([a, m]) => window.bench.mount(a, m)", [args, module]),
                    IT_SORT_LABELS,
                    repeats,
                    errors,
                )
                per_disk = state_bytes({"disks": state["disks"]}) / n
                whole = state_bytes(state) / n
                results.append((n, ours, theirs, per_disk, whole, source))
        finally:
            browser.close()
    if errors:
        raise RuntimeError("errors in the page:\n" + "\n".join(errors))
    rows = []
    for n, ours, theirs, per_disk, _whole, _source in results:
        for what in ("render", "sort", "filter"):
            rows.append(
                [
                    f"{n:,}",
                    what,
                    f"{ours[what][0]:.1f} ({ours[what][1]:.1f})",
                    f"{theirs[what][0]:.1f} ({theirs[what][1]:.1f})",
                    f"{ours[what][0] / theirs[what][0]:.2f}×" if theirs[what][0] else "n/a",
                ]
            )
        rows.append([f"{n:,}", "state bytes per disk", f"{per_disk:.0f} B", "", ""])
    first = results[0]
    at = f"{first[0]:,} disks"
    goals = [
        Goal(f"panel render, {at}", first[1]["render"][0], "<=", 200, "ms"),
        Goal(f"panel sort, {at}", first[1]["sort"][0], "<=", 30, "ms"),
        Goal(f"widget state per disk, {at}", first[3], "<=", 300, "B"),
    ]
    return Section(
        "5. Panel in headless Chromium: median ms to the next paint (synchronous part)",
        ["N", "what", "panel ms", "itables ms", "panel/itables"],
        rows,
        goals,
        [
            f"{repeats} fresh pages each: the first render in the page (library loaded,"
            f" not yet run), then sort = clicks on {', '.join(SORT_KEYS)};"
            f" filter = typing {FILTER_TEXT!r} then clearing it.",
            "Next paint = requestAnimationFrame then a task: includes waiting for the frame.",
            f"Panel state from {results[0][5]}; whole synced state per disk"
            f" (fixed traits shared out): {results[0][4]:.0f} B.",
            "itables: to_html_datatable(frame, connected=False, maxBytes=0), offline bundle"
            " loaded before timing; pages of 10 rows.",
        ],
    )
