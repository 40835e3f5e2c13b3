// Search as you type: prefix-mode results while typing, a full search on Enter. The results are
// the server's own HTML fragment (/search/results), the same template as a page load renders.
// Text typed through an input method (Chinese) is searched when composition ends, not on every
// keystroke of the pinyin being composed.
"use strict";

(function () {
  const form = document.getElementById("search");
  const box = document.getElementById("q");
  const results = document.getElementById("results");
  if (!form || !box || !results) return;
  const hl = form.querySelector("input[name=hl]");
  let composing = false;
  let timer = 0;
  let controller = null;
  let sequence = 0;

  function pageUrl(q, mode) {
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    if (mode === "prefix" && q) params.set("mode", "prefix");
    if (hl) params.set("hl", hl.value);
    const query = params.toString();
    return "/" + (query ? "?" + query : "");
  }

  function run(mode) {
    clearTimeout(timer);
    const q = box.value.trim();
    const mine = ++sequence;
    if (controller) controller.abort();
    history.replaceState(null, "", pageUrl(q, mode));
    if (!q) { results.innerHTML = ""; return; }
    controller = new AbortController();
    const params = new URLSearchParams({ q: q, mode: mode });
    if (hl) params.set("hl", hl.value);
    fetch("/search/results?" + params.toString(), { signal: controller.signal })
      .then((response) => response.text())
      .then((html) => {
        if (mine !== sequence) return;  // an older answer arriving late
        results.innerHTML = html;
        results.dataset.mode = mode;
        results.dataset.query = q;
      })
      .catch((error) => { if (error.name !== "AbortError") console.warn(error); });
  }

  box.addEventListener("compositionstart", () => { composing = true; });
  box.addEventListener("compositionend", () => { composing = false; run("prefix"); });
  box.addEventListener("input", (event) => {
    if (composing || event.isComposing) return;
    clearTimeout(timer);
    timer = setTimeout(() => run("prefix"), 120);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run("full");
  });

  // Keyboard: ↓ from the box into the results, ↑/↓ between them, Escape back to the box.
  function links() { return Array.from(results.querySelectorAll("a.hit-link")); }
  box.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && links().length) { event.preventDefault(); links()[0].focus(); }
  });
  results.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" && at + 1 < all.length) { event.preventDefault(); all[at + 1].focus(); }
    else if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? all[at - 1] : box).focus(); }
    else if (event.key === "Escape") { event.preventDefault(); box.focus(); }
  });
})();
