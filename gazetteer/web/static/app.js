// Enhancements shared by every page: copy buttons and the "/" shortcut to the search box.
// Everything works without this file; it only adds conveniences.
"use strict";

function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  // Plain http on an intranet host is not a secure context: fall back to a selection.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}

function enableCopyButtons(root) {
  const done = document.body.dataset.copied || "Copied";
  for (const button of root.querySelectorAll("button.copy[data-copy]")) {
    button.hidden = false;
    if (button.dataset.ready) continue;
    button.dataset.ready = "1";
    const label = button.textContent;
    button.addEventListener("click", () => {
      copyText(button.dataset.copy).then(() => {
        button.textContent = done;
        button.classList.add("done");
        setTimeout(() => { button.textContent = label; button.classList.remove("done"); }, 1500);
      }, () => { button.textContent = "✕"; });
    });
  }
}

document.addEventListener("DOMContentLoaded", () => enableCopyButtons(document));

document.addEventListener("keydown", (event) => {
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement
    || target instanceof HTMLSelectElement || (target && target.isContentEditable);
  if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    const box = document.getElementById("q");
    if (box) { event.preventDefault(); box.focus(); box.select(); }
    else { window.location.href = "/"; }
  }
});
