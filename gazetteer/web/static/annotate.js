// Annotate: send the pasted article to POST /v1/annotate and highlight each place it finds,
// linked to the place's page. Offsets are taken in UTF-16 code units (start_utf16/end_utf16),
// the units JavaScript strings index by, so astral characters cannot shift a highlight.
"use strict";

(function () {
  const form = document.getElementById("annotate");
  if (!form) return;
  const article = document.getElementById("article");
  const status = document.getElementById("annotate-status");
  const output = document.getElementById("annotated");
  const section = document.getElementById("mentions-section");
  const list = document.getElementById("mentions");
  const LABEL_LANGS = ["ru", "zh-Hans", "zh-Hant", "en"];

  function element(tag, text, attributes) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value) node.setAttribute(key, value);
    }
    return node;
  }

  function langOf(tag) { return tag && !tag.startsWith("und") ? tag : ""; }

  function highlight(text, items) {
    output.replaceChildren();
    let cursor = 0;
    const ordered = items.slice().sort((a, b) => a.start_utf16 - b.start_utf16 || b.end_utf16 - a.end_utf16);
    ordered.forEach((item, index) => {
      if (item.start_utf16 < cursor) return;  // overlaps a mention already drawn
      output.append(text.slice(cursor, item.start_utf16));
      const mark = element("mark", null, { id: "m" + index });
      const link = element("a", text.slice(item.start_utf16, item.end_utf16), {
        href: "/places/" + encodeURIComponent(item.place.id),
        title: (item.place.labels && (item.place.labels.en || item.place.labels.ru)) || item.place.id,
      });
      mark.append(link);
      output.append(mark);
      cursor = item.end_utf16;
    });
    output.append(text.slice(cursor));
    output.hidden = false;
  }

  function describe(items) {
    list.replaceChildren();
    for (const item of items) {
      const li = element("li");
      const link = element("a", null, { href: "/places/" + encodeURIComponent(item.place.id) });
      const labels = item.place.labels || {};
      LABEL_LANGS.filter((lang) => labels[lang]).forEach((lang, i) => {
        if (i) link.append(" · ");
        link.append(element("span", labels[lang], { lang: lang }));
      });
      if (!link.childNodes.length) link.textContent = item.place.id;
      li.append(element("q", item.surface, { lang: langOf(item.name && item.name.lang) }), " → ", link);
      const why = [item.name ? item.name.kind : "", item.match_kind].concat(item.transformations || []);
      const detail = element("span", " — " + why.filter(Boolean).join(" · "), { class: "why" });
      if (item.name) {
        detail.prepend(" ", element("span", item.name.text, { lang: langOf(item.name.lang), class: "matched" }));
      }
      if (typeof item.confidence === "number") detail.append(" · " + Math.round(item.confidence * 100) + "%");
      li.append(detail);
      list.append(li);
    }
    section.hidden = false;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = article.value;
    if (!text.trim()) return;
    const body = { text: text };
    const lang = form.elements.lang.value;
    const at = form.elements.at.value.trim();
    if (lang) body.lang = lang;
    if (at) body.at = at;
    status.textContent = "…";
    fetch(form.dataset.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    })
      .then((response) => response.json().catch(() => ({})).then((data) => ({ response, data })))
      .then(({ response, data }) => {
        if (response.status === 404 || response.status === 405) {
          status.textContent = "POST /v1/annotate is not available on this server (" + response.status + ").";
          return;
        }
        if (!response.ok) {
          status.textContent = (data && (data.detail || data.title)) || "Error " + response.status;
          return;
        }
        const items = data.items || [];
        status.textContent = items.length + " ✓";
        status.dataset.count = String(items.length);
        highlight(text, items);
        describe(items);
      })
      .catch((error) => { status.textContent = String(error); });
  });
})();
