// Copy text on any host: navigator.clipboard exists only on https and localhost, so fall back to
// a hidden textarea and document.execCommand("copy") elsewhere (plain-http JupyterHubs).

export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused or the document lost focus: try the old way below.
    }
  }
  return copyWithTextarea(text);
}

export function copyWithTextarea(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.cssText = "position:fixed;top:0;left:0;width:1px;height:1px;opacity:0;";
  document.body.append(area);
  const focused = document.activeElement;
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  if (focused && typeof focused.focus === "function") focused.focus();
  return ok;
}
