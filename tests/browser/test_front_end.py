"""The bundled front end in Chromium against a fake model: speed, and every control's message."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import pytest

# Only the rows in view (plus a few either side) may exist in the DOM, whatever the disk count.
MAX_ROWS_IN_DOM = 40
ROWS = ".adjp-body .adjp-row:not([hidden])"
REPEATS = 5
MOUNT_ROWS = "window.harness.mount({disks: window.rows})"
TIME_SORT = "(key) => window.harness.time(() => window.harness.clickSort(key))"
TIME_FILTER = "(text) => window.harness.time(() => window.harness.filter(text))"
SIZES = (
    f"[...document.querySelectorAll('{ROWS} .adjp-c-storage')]"
    ".map(c => Number(c.title.split(' ')[0]))"
)


def _rows_in_dom(page: Any) -> int:
    return int(
        page.evaluate("document.querySelectorAll('.adjp-body .adjp-row:not([hidden])').length")
    )


def _sent(page: Any) -> list[dict[str, Any]]:
    return list(page.evaluate("window.harness.model.sent"))


def _mount(page: Any, count: int, **state: Any) -> dict[str, float]:
    return dict(
        page.evaluate(
            "([count, state]) => window.harness.mount("
            "{disks: window.harness.makeDisks(count), ...state})",
            [count, state],
        )
    )


@pytest.mark.parametrize("count", [1000, 10000])
def test_renders_many_disks_with_a_windowed_table(harness: Any, count: int) -> None:
    _mount(harness, 10)  # warm up: module compiled, fonts and styles resolved
    harness.evaluate("(n) => { window.rows = window.harness.makeDisks(n) }", count)
    runs: dict[str, list[float]] = {"render": [], "sort": [], "resort": [], "filter": []}
    for _ in range(REPEATS):
        runs["render"].append(harness.evaluate(MOUNT_ROWS)["sync"])
        runs["sort"].append(harness.evaluate(TIME_SORT, "storage")["sync"])
        runs["resort"].append(harness.evaluate(TIME_SORT, "name")["sync"])
        runs["filter"].append(harness.evaluate(TIME_FILTER, "research")["sync"])
        assert 0 < _rows_in_dom(harness) <= MAX_ROWS_IN_DOM
    median = {key: statistics.median(values) for key, values in runs.items()}
    print(
        f"\n[panel {count} disks, median of {REPEATS}] render {median['render']:.1f} ms, "
        f"sort by size {median['sort']:.1f} ms, sort by name {median['resort']:.1f} ms, "
        f"filter {median['filter']:.1f} ms"
    )
    summary = harness.inner_text(".adjp-summary")
    assert f"of {count} disks" in summary.replace(",", "")


def test_scrolling_renders_the_rows_in_view(harness: Any) -> None:
    _mount(harness, 10000)
    harness.evaluate("document.querySelector('.adjp-body').scrollTop = 34 * 5000")
    harness.evaluate("window.harness.afterPaint()")
    tops = harness.evaluate(
        f"[...document.querySelectorAll('{ROWS}')].map(r => parseInt(r.style.top))"
    )
    assert min(tops) <= 34 * 5000 <= max(tops)
    assert _rows_in_dom(harness) <= MAX_ROWS_IN_DOM


def test_sorting_by_size_puts_the_largest_first_then_the_smallest(harness: Any) -> None:
    _mount(harness, 200)
    harness.click("button[data-sort=storage]")
    sizes = harness.evaluate(SIZES)
    assert sizes == sorted(sizes, reverse=True)
    harness.click("button[data-sort=storage]")
    sizes = harness.evaluate(SIZES)
    assert sizes == sorted(sizes)
    header = harness.get_attribute(".adjp-head .adjp-c-storage", "aria-sort")
    assert header == "ascending"


def test_filter_keeps_only_matching_disks(harness: Any) -> None:
    _mount(harness, 30)
    harness.fill(".adjp-filter", "research")
    projects = harness.eval_on_selector_all(
        f"{ROWS} .adjp-c-project", "cs => cs.map(c => c.textContent)"
    )
    assert projects
    assert set(projects) == {"research"}
    harness.fill(".adjp-filter", "no-such-disk")
    assert "No disk matches" in harness.inner_text(".adjp-empty")


def test_name_is_checked_as_typed_and_create_sends_the_form(harness: Any) -> None:
    _mount(harness, 3)
    harness.click("text=+ New disk")
    name = harness.locator("input[name=name]")
    submit = harness.locator(".adjp-form button[type=submit]")
    name.fill("Bad_Name")
    assert submit.is_disabled()
    assert "Lower-case" in harness.inner_text(".adjp-form .adjp-field:nth-child(2) .adjp-hint")
    name.fill("ab-")
    assert submit.is_disabled()
    name.fill("train-data")
    assert submit.is_enabled()
    harness.fill("input[name=size]", "25")
    harness.select_option("select[name=unit]", "Gi")
    harness.select_option("select[name=timeout]", "custom")
    harness.fill("input[name=custom-timeout]", "2d")
    harness.select_option("select[name=project]", "research")
    submit.click()
    (message,) = [m for m in _sent(harness) if m["kind"] == "create"]
    assert message == {
        "kind": "create",
        "req": message["req"],
        "size": "25",
        "unit": "Gi",
        "name": "train-data",
        "timeout_unused": "2d",
        "project": "research",
    }
    assert submit.inner_text() == "Creating…"
    harness.evaluate(
        "(req) => window.harness.model.set('create_result', {req, ok: false, error: 'Name taken'})",
        message["req"],
    )
    assert harness.inner_text(".adjp-form-status") == "Name taken"
    harness.evaluate(
        "(req) => window.harness.model.set('create_result', {req: req + 'x', ok: true})",
        message["req"],
    )
    assert harness.is_visible(".adjp-form")


def test_no_limit_and_bad_custom_timeouts(harness: Any) -> None:
    _mount(harness, 1)
    harness.click("text=+ New disk")
    harness.select_option("select[name=timeout]", "custom")
    harness.fill("input[name=custom-timeout]", "3 weeks")
    assert harness.locator(".adjp-form button[type=submit]").is_disabled()
    harness.select_option("select[name=timeout]", "no limit")
    harness.click(".adjp-form button[type=submit]")
    (message,) = [m for m in _sent(harness) if m["kind"] == "create"]
    assert message["timeout_unused"] == "no limit"
    assert message["name"] is None


def test_delete_takes_two_steps_and_names_the_disk(harness: Any) -> None:
    _mount(harness, 5)
    row = harness.locator(ROWS).first
    disk_id = row.get_attribute("data-id")
    label = row.locator(".adjp-c-name").inner_text()
    row.locator("button[data-action=delete]").click()
    assert not [m for m in _sent(harness) if m["kind"] == "delete"]
    assert label in harness.inner_text(".adjp-confirm")
    harness.click(".adjp-confirm button:has-text('Cancel')")
    assert not harness.is_visible(".adjp-confirm")
    row.locator("button[data-action=delete]").click()
    harness.click(".adjp-confirm .adjp-solid")
    assert [m for m in _sent(harness) if m["kind"] == "delete"] == [
        {"kind": "delete", "ids": [disk_id]}
    ]


def test_rows_being_deleted_are_disabled(harness: Any) -> None:
    _mount(harness, 3)
    disk_id = harness.locator(ROWS).first.get_attribute("data-id")
    harness.evaluate("(id) => window.harness.model.set('deleting', [id])", disk_id)
    row = harness.locator(f".adjp-row[data-id='{disk_id}']")
    assert row.get_attribute("aria-disabled") == "true"
    assert row.locator("button[data-action=delete]").is_disabled()
    assert row.locator(".adjp-badge").inner_text() == "Deleting"


def test_multi_select_sends_selection_and_deletes_all_after_confirming(harness: Any) -> None:
    _mount(harness, 6)
    boxes = harness.locator(f"{ROWS} input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    selects = [m for m in _sent(harness) if m["kind"] == "select"]
    ids = selects[-1]["ids"]
    assert len(ids) == 2
    harness.evaluate("(ids) => window.harness.model.set('selected', ids)", ids)
    harness.click("text=Delete selected (2)")
    assert "these 2 disks" in harness.inner_text(".adjp-confirm")
    harness.click(".adjp-confirm .adjp-solid")
    (delete,) = [m for m in _sent(harness) if m["kind"] == "delete"]
    assert sorted(delete["ids"]) == sorted(ids)


def test_select_all_selects_every_disk_shown(harness: Any) -> None:
    _mount(harness, 30)
    harness.fill(".adjp-filter", "research")
    harness.check(".adjp-head input[type=checkbox]")
    ids = [m for m in _sent(harness) if m["kind"] == "select"][-1]["ids"]
    assert len(ids) == 10


def test_mount_drawer_asks_python_shows_the_snippet_and_copies_it(harness: Any) -> None:
    harness.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _mount(harness, 2)
    row = harness.locator(ROWS).first
    disk_id = row.get_attribute("data-id")
    row.locator("button[data-action=mount]").click()
    requests = [m for m in _sent(harness) if m["kind"] == "mount"]
    assert requests[-1]["id"] == disk_id
    assert requests[-1]["format"] == "cli"
    assert requests[-1]["read_only"] is False
    harness.check(".adjp-mode input[value=ro]")
    request = [m for m in _sent(harness) if m["kind"] == "mount"][-1]
    assert request["read_only"] is True
    text = f"apolo run --volume disk:{disk_id}:{request['path']}:ro IMAGE"
    harness.evaluate(
        "([req, id, text]) => window.harness.model.set("
        "'snippet', {req, id, text, note: 'not Ready yet'})",
        [request["req"], disk_id, text],
    )
    assert harness.inner_text(".adjp-snippet") == text
    assert harness.inner_text(".adjp-note") == "not Ready yet"
    harness.click(".adjp-drawer button:has-text('Copy')")
    harness.wait_for_selector("text=Copied ✓")
    assert harness.evaluate("navigator.clipboard.readText()") == text


def test_copy_falls_back_to_exec_command_without_the_clipboard_api(harness: Any) -> None:
    harness.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _mount(harness, 1)
    harness.locator(f"{ROWS} button[data-action=mount]").click()
    request = [m for m in _sent(harness) if m["kind"] == "mount"][-1]
    harness.evaluate(
        "([req, id]) => window.harness.model.set('snippet', {req, id, text: 'fallback text'})",
        [request["req"], request["id"]],
    )
    harness.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    harness.click(".adjp-drawer button:has-text('Copy')")
    harness.wait_for_selector("text=Copied ✓")


def test_path_must_be_absolute_without_colon(harness: Any) -> None:
    _mount(harness, 1)
    harness.locator(f"{ROWS} button[data-action=mount]").click()
    before = len(_sent(harness))
    harness.fill(".adjp-path", "data:x")
    harness.wait_for_timeout(300)
    assert len(_sent(harness)) == before
    assert "absolute" in harness.inner_text(".adjp-drawer .adjp-hint")


def test_messages_are_dismissible(harness: Any) -> None:
    _mount(harness, 1, messages=[[7, "error", "Disk x not found."]])
    assert harness.inner_text(".adjp-message").startswith("Disk x not found.")
    harness.click(".adjp-message button")
    assert {"kind": "dismiss", "id": 7} in _sent(harness)
    assert harness.locator(".adjp-message").count() == 0


def test_header_refresh_and_project_scope(harness: Any) -> None:
    _mount(harness, 1)
    assert "local service as alice" in harness.inner_text(".adjp-header")
    harness.click("text=↻ Refresh")
    harness.select_option(".adjp-scope", "")
    assert {"kind": "refresh"} in _sent(harness)
    assert {"kind": "scope", "project": ""} in _sent(harness)


def test_light_and_dark_look(harness: Any, output_dir: Path) -> None:
    for scheme in ("light", "dark"):
        harness.emulate_media(color_scheme=scheme)
        harness.evaluate(f"document.body.classList.toggle('dark', {str(scheme == 'dark').lower()})")
        _mount(harness, 40, messages=[[1, "error", "Disk old-data not found."]])
        harness.click("text=+ New disk")
        harness.locator(f"{ROWS} button[data-action=mount]").first.click()
        harness.screenshot(path=str(output_dir / f"harness-{scheme}.png"), full_page=True)


def test_table_says_loading_then_failed_when_not_connected(harness: Any) -> None:
    _mount(harness, 0, refreshed_at=0, connection={"state": "connecting"})
    assert harness.inner_text(".adjp-empty") == "Loading disks…"
    assert "connecting…" in harness.inner_text(".adjp-header")
    harness.evaluate("window.harness.model.set('connection', {state: 'failed'})")
    assert "could not be loaded" in harness.inner_text(".adjp-empty")
    assert "not connected" in harness.inner_text(".adjp-header")


@pytest.mark.parametrize(
    ("body_attribute", "media", "dark"),
    [
        ("", "light", False),
        ("", "dark", True),
        ('data-vscode-theme-kind="vscode-dark"', "light", True),
        ('data-vscode-theme-kind="vscode-light"', "dark", False),
        ('data-jp-theme-light="false"', "light", True),
    ],
)
def test_theme_follows_the_host(harness: Any, body_attribute: str, media: str, dark: bool) -> None:
    harness.emulate_media(color_scheme=media)
    if body_attribute:
        name, value = body_attribute.split("=")
        harness.evaluate(f"document.body.setAttribute('{name}', {value})")
    _mount(harness, 3)
    colour = harness.evaluate(
        "getComputedStyle(document.querySelector('.adjp-panel')).backgroundColor"
    )
    channels = [int(x) for x in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
    assert (sum(channels) / 3 < 100) is dark, colour


@pytest.mark.parametrize("width", [1200, 900, 780])
def test_mount_and_delete_stay_in_view_in_a_narrow_output(harness: Any, width: int) -> None:
    # JupyterLab with its side bar open leaves ~800 px: columns give way, not the buttons.
    harness.set_viewport_size({"width": width, "height": 800})
    _mount(harness, 5)
    boxes = harness.evaluate(
        """() => {
          const table = document.querySelector('.adjp-table').getBoundingClientRect();
          const scroll = document.querySelector('.adjp-scroll-x');
          const row = document.querySelector('.adjp-body .adjp-row:not([hidden])');
          const buttons = [...row.querySelectorAll('.adjp-c-actions button')].map(
            (b) => b.getBoundingClientRect());
          return {table: [table.left, table.right],
                  buttons: buttons.map((b) => [b.left, b.right]),
                  overflow: scroll.scrollWidth - scroll.clientWidth};
        }"""
    )
    left, right = boxes["table"]
    assert len(boxes["buttons"]) == 2
    for start, end in boxes["buttons"]:
        assert left <= start < end <= right, boxes
    assert boxes["overflow"] <= 1, boxes
