// Deleting is always two steps: a Delete button opens this confirmation, which names every disk
// and asks again. Only its own button sends the delete.

import { h } from "./dom.js";
import { diskLabel, ID } from "./rows.js";

const LISTED = 8;

/** Build the confirmation. onConfirm(ids) deletes. Returns {el, ask(rows), close(), ids}. */
export function createConfirm({ onConfirm }) {
  let ids = [];
  const message = h("div", { class: "adjp-confirm-text", id: `adjp-confirm-${Math.random().toString(36).slice(2)}` });
  const names = h("ul", { class: "adjp-confirm-names" });
  const yes = h("button", { class: "adjp-btn adjp-danger adjp-solid", type: "button", onclick: confirm });
  const no = h("button", { class: "adjp-btn", type: "button", onclick: () => api.close() }, "Cancel");
  const el = h(
    "div",
    { class: "adjp-confirm", role: "alertdialog", "aria-labelledby": message.id, hidden: true },
    message,
    names,
    h("div", { class: "adjp-confirm-actions" }, yes, no),
  );
  el.addEventListener("keydown", (event) => {
    if (event.key === "Escape") api.close();
  });

  function confirm() {
    const chosen = ids;
    api.close();
    if (chosen.length) onConfirm(chosen);
  }

  const api = {
    el,
    ask(rows) {
      ids = rows.map((r) => r[ID]);
      const count = rows.length;
      const what = count === 1 ? "this disk" : `these ${count} disks`;
      message.textContent = `Delete ${what}? Their data is lost for good.`;
      const shown = rows.slice(0, LISTED).map((r) =>
        h("li", null, h("strong", null, diskLabel(r)), r[1] ? h("span", { class: "adjp-muted" }, ` ${r[ID]}`) : null),
      );
      if (count > LISTED) shown.push(h("li", { class: "adjp-muted" }, `and ${count - LISTED} more`));
      names.replaceChildren(...shown);
      yes.textContent = count === 1 ? `Delete ${diskLabel(rows[0])}` : `Delete ${count} disks`;
      el.hidden = false;
      no.focus();
    },
    close() {
      ids = [];
      el.hidden = true;
    },
    get ids() {
      return [...ids];
    },
  };
  return api;
}
