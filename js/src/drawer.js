// The mount drawer: how to mount one disk into a job, in each snippet format the magic knows.
// Python writes the snippet (one source of truth); the drawer asks for it and shows it as
// selectable text with a copy button.

import { copyText } from "./clipboard.js";
import { debounce, h } from "./dom.js";
import { diskLabel, ID, NAME, STATUS } from "./rows.js";

const FORMAT_LABELS = {
  cli: "CLI",
  sdk: "Python SDK",
  flow: "apolo-flow",
  k8s: "Kubernetes",
  docker: "docker",
};

/** Why `path` cannot be a container path, or "". */
export function pathProblem(path) {
  if (!path.startsWith("/")) return "An absolute path, e.g. /mnt/data.";
  if (path.includes(":")) return "A container path cannot contain “:”.";
  if (/\s/.test(path)) return "No spaces in the path.";
  return "";
}

/**
 * Build the drawer. onRequest({id, path, read_only, format}) asks Python for a snippet;
 * call show(snippet) with its answer. Returns {el, open(row, formats), close(), show(snippet),
 * isOpenFor(id)}.
 */
export function createDrawer({ onRequest, onClose }) {
  let row = null;
  let formats = ["cli"];
  let format = "cli";
  let req = 0;
  let text = "";

  const title = h("h3", { class: "adjp-drawer-title" });
  const tabs = h("div", { class: "adjp-tabs", role: "tablist", "aria-label": "Snippet format" });
  const path = h("input", {
    class: "adjp-input adjp-path",
    type: "text",
    value: "/mnt/data",
    "aria-label": "Container path",
    name: "container-path",
    spellcheck: "false",
  });
  const readOnly = h("input", { type: "radio", name: "adjp-mode", value: "ro", "aria-label": "Read-only" });
  const readWrite = h("input", { type: "radio", name: "adjp-mode", value: "rw", checked: true, "aria-label": "Read-write" });
  const pathHint = h("span", { class: "adjp-hint", "aria-live": "polite" });
  const note = h("div", { class: "adjp-note", role: "note", hidden: true });
  const snippet = h("pre", { class: "adjp-snippet", tabindex: "0", "aria-label": "Snippet to paste" });
  const copyButton = h("button", { class: "adjp-btn adjp-primary", type: "button", onclick: copy }, "Copy");
  const copied = h("span", { class: "adjp-copied", role: "status", "aria-live": "polite" });
  const closeButton = h(
    "button",
    { class: "adjp-icon-btn", type: "button", title: "Close", "aria-label": "Close mount drawer", onclick: () => onClose() },
    "×",
  );
  const el = h(
    "section",
    { class: "adjp-drawer", hidden: true, "aria-label": "Mount a disk" },
    h("div", { class: "adjp-drawer-head" }, title, closeButton),
    h(
      "div",
      { class: "adjp-drawer-controls" },
      tabs,
      h("label", { class: "adjp-field adjp-inline" }, h("span", null, "Container path"), path, pathHint),
      h(
        "fieldset",
        { class: "adjp-mode" },
        h("legend", null, "Mode"),
        h("label", null, readWrite, " read-write"),
        h("label", null, readOnly, " read-only"),
      ),
    ),
    note,
    snippet,
    h("div", { class: "adjp-drawer-actions" }, copyButton, copied),
  );
  // Radio groups are per document: give each drawer its own group name.
  const group = `adjp-mode-${Math.random().toString(36).slice(2)}`;
  readOnly.name = group;
  readWrite.name = group;

  const requestSoon = debounce(request, 200);
  path.addEventListener("input", () => {
    if (check()) requestSoon();
  });
  readOnly.addEventListener("change", request);
  readWrite.addEventListener("change", request);

  function check() {
    const problem = pathProblem(path.value);
    pathHint.textContent = problem;
    pathHint.classList.toggle("adjp-bad", Boolean(problem));
    path.setAttribute("aria-invalid", String(Boolean(problem)));
    copyButton.disabled = Boolean(problem) || !text;
    return !problem;
  }

  function request() {
    if (!row || !check()) return;
    req += 1;
    copied.textContent = "";
    snippet.classList.add("adjp-stale");
    onRequest({ req, id: row[ID], path: path.value, read_only: readOnly.checked, format });
  }

  function paintTabs() {
    tabs.replaceChildren(
      ...formats.map((f) =>
        h(
          "button",
          {
            type: "button",
            role: "tab",
            class: `adjp-tab${f === format ? " adjp-active" : ""}`,
            "aria-selected": String(f === format),
            "data-format": f,
            onclick: () => {
              format = f;
              paintTabs();
              request();
            },
          },
          FORMAT_LABELS[f] ?? f,
        ),
      ),
    );
  }

  async function copy() {
    if (!text) return;
    const ok = await copyText(text);
    copied.textContent = ok ? "Copied ✓" : "Press Ctrl+C to copy the selected text";
    if (!ok) selectSnippet();
  }

  function selectSnippet() {
    const range = document.createRange();
    range.selectNodeContents(snippet);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  return {
    el,
    open(next, available) {
      const changed = !row || row[ID] !== next[ID];
      row = next;
      formats = available.length ? available : ["cli"];
      if (!formats.includes(format)) format = formats[0];
      title.textContent = `Mount ${diskLabel(row)}`;
      if (changed) {
        text = "";
        snippet.textContent = "";
        if (row[NAME]) path.value = `/mnt/${row[NAME]}`;
        else path.value = "/mnt/data";
      }
      el.hidden = false;
      paintTabs();
      request();
    },
    close() {
      el.hidden = true;
      row = null;
      requestSoon.cancel();
    },
    /** Python's answer: {req, id, text, note, error}. Answers to older requests are ignored. */
    show(answer) {
      if (!row || !answer || answer.req !== req || answer.id !== row[ID]) return;
      snippet.classList.remove("adjp-stale");
      text = answer.error ? "" : answer.text;
      snippet.textContent = answer.error || answer.text;
      snippet.classList.toggle("adjp-bad", Boolean(answer.error));
      note.textContent = answer.note || "";
      note.hidden = !answer.note;
      check();
    },
    /** Keep the drawer's disk fresh (status changes) or close it when the disk is gone. */
    update(fresh) {
      if (!row) return;
      if (!fresh) {
        el.hidden = true;
        row = null;
        return;
      }
      const statusChanged = fresh[STATUS] !== row[STATUS];
      row = fresh;
      if (statusChanged) request();
    },
    get diskId() {
      return row ? row[ID] : null;
    },
  };
}
