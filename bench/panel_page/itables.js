// Times itables (DataTables) on the same page shape: build, sort by a header click, filter.
const afterPaint = () =>
  new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

async function timed(action) {
  const el = document.getElementById("widget");
  const t0 = performance.now();
  action();
  void el.offsetHeight;
  const sync = performance.now() - t0;
  await afterPaint();
  return { sync, paint: performance.now() - t0 };
}

const firstRow = () => document.querySelector("#widget tbody tr")?.textContent ?? "";

window.bench = {
  async mount(args, moduleName) {
    const { ITable } = await window[moduleName];
    const el = document.getElementById("widget");
    el.replaceChildren();
    await afterPaint();
    const table = document.createElement("table");
    el.append(table);
    const result = await timed(() => new ITable(table, structuredClone(args)));
    return { ...result, rows: document.querySelectorAll("#widget tbody tr").length };
  },
  async sort(label) {
    const th = [...document.querySelectorAll("#widget thead th")].find(
      (cell) => cell.textContent.trim() === label,
    );
    if (!th) throw new Error(`no header ${label}`);
    // With selectable header text, DataTables sorts on its order icon only.
    const target = th.querySelector(".dt-column-order") || th;
    const result = await timed(() => target.click());
    return { ...result, first: firstRow() };
  },
  async filter(text) {
    const input = document.querySelector("#widget input[type='search']");
    if (!input) throw new Error("no search input");
    const result = await timed(() => {
      input.value = text;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
    const info = document.querySelector("#widget .dt-info");
    return { ...result, rows: document.querySelectorAll("#widget tbody tr").length, info: info ? info.textContent : "" };
  },
};
window.benchReady = true;
