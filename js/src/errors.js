// Messages from Python (failed requests, partial deletes): shown in the panel, each dismissible.
// They never reach the kernel log as tracebacks.

import { h } from "./dom.js";

/** Build the message list. onDismiss(id) tells Python. Returns {el, set(messages)}. */
export function createErrors({ onDismiss }) {
  const el = h("div", { class: "adjp-messages", "aria-live": "polite" });
  return {
    el,
    /** messages: [[id, level, text], ...] with level "error" | "warning" | "info". */
    set(messages) {
      el.replaceChildren(
        ...messages.map(([id, level, text]) =>
          h(
            "div",
            { class: `adjp-message adjp-${level}`, role: level === "error" ? "alert" : "status", "data-id": String(id) },
            h("span", { class: "adjp-message-text" }, text),
            h(
              "button",
              {
                class: "adjp-icon-btn",
                type: "button",
                title: "Dismiss",
                "aria-label": "Dismiss message",
                onclick: (event) => {
                  event.currentTarget.parentElement.remove();
                  onDismiss(id);
                },
              },
              "×",
            ),
          ),
        ),
      );
    },
  };
}
