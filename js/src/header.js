// The header: where the panel is connected and as whom, the project in view, a refresh button,
// when it last refreshed, and a busy indicator while any request runs.

import { h } from "./dom.js";
import { formatExact, formatRelative } from "./format.js";

export const ALL_PROJECTS = "";

/**
 * Build the header. onRefresh() and onScope(project) report clicks.
 * Returns {el, setConnection(c), setProjects(list, scope), setBusy(n), setRefreshed(epoch, now)}.
 */
export function createHeader({ onRefresh, onScope }) {
  const dot = h("span", { class: "adjp-dot", "aria-hidden": "true" });
  const where = h("span", { class: "adjp-where" });
  const scope = h("select", {
    class: "adjp-input adjp-scope",
    "aria-label": "Project in view",
    onchange: () => onScope(scope.value),
  });
  const spinner = h("span", { class: "adjp-spinner", role: "status", "aria-label": "Working", hidden: true });
  const refreshed = h("span", { class: "adjp-refreshed adjp-muted" });
  const refresh = h(
    "button",
    { class: "adjp-btn", type: "button", title: "Refresh the list", onclick: () => onRefresh() },
    "↻ Refresh",
  );
  const el = h(
    "header",
    { class: "adjp-header" },
    h("div", { class: "adjp-title" }, h("strong", null, "Disks"), dot, where),
    h(
      "div",
      { class: "adjp-header-tools" },
      h("label", { class: "adjp-inline" }, h("span", { class: "adjp-muted" }, "Project"), scope),
      spinner,
      refreshed,
      refresh,
    ),
  );

  return {
    el,
    /** {state: "connecting" | "connected" | "failed", where, user, url} */
    setConnection(c) {
      const state = c.state || "connecting";
      dot.className = `adjp-dot adjp-${state}`;
      const who = c.user ? ` as ${c.user}` : "";
      where.textContent =
        state === "connecting" ? "connecting…" : state === "failed" ? "not connected" : `${c.where || ""}${who}`;
      where.title = c.url ? `API ${c.url}` : "";
    },
    setProjects(list, current) {
      const options = list.map((p) => h("option", { value: p }, p));
      options.push(h("option", { value: ALL_PROJECTS }, "All projects"));
      scope.replaceChildren(...options);
      scope.value = current;
      scope.disabled = list.length === 0;
    },
    setBusy(count) {
      spinner.hidden = !count;
      el.classList.toggle("adjp-is-busy", Boolean(count));
    },
    setRefreshed(epoch, now) {
      refreshed.textContent = epoch ? `refreshed ${formatRelative(epoch, now)}` : "";
      refreshed.title = epoch ? formatExact(epoch) : "";
    },
  };
}
