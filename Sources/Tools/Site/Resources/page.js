// What a page adds when JavaScript runs; the page reads the same without it.
//
// A theme switch (light, dark, or the system's; remembered in localStorage;
// the <head> sets it before the first paint, so there is no flash), copy
// buttons on code blocks, the arrow keys for the previous and next chapter,
// the chapter menu that folds away on a phone, search over every chapter
// (the index is search-index.js, a script, since file:// cannot fetch), and
// collapsed details opened for printing.
(function () {
  "use strict";
  const root = document.documentElement;
  const themeKey = "dynamic-rnn-theme";

  function element(tag, attributes = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    for (const child of [].concat(children)) node.append(child);
    return node;
  }

  // Theme: three buttons in the sidebar; "system" removes the choice.
  function setTheme(theme) {
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
    else root.removeAttribute("data-theme");
    try {
      if (theme === "light" || theme === "dark") localStorage.setItem(themeKey, theme);
      else localStorage.removeItem(themeKey);
    } catch (e) { /* storage refused: the choice lasts for this page */ }
    for (const button of document.querySelectorAll(".theme-switch button")) {
      button.setAttribute("aria-pressed", String(button.dataset.theme === (root.getAttribute("data-theme") || "system")));
    }
  }
  const sidebar = document.querySelector(".sidebar");
  if (sidebar) {
    const group = element("div", { class: "theme-switch", role: "group", "aria-label": "Theme" });
    for (const [theme, label] of [["light", "Light"], ["dark", "Dark"], ["system", "System"]]) {
      const button = element("button", { type: "button", "data-theme": theme }, label);
      button.addEventListener("click", () => setTheme(theme));
      group.append(button);
    }
    sidebar.append(group);
    setTheme(root.getAttribute("data-theme") || "system");

    // The chapter menu folds away on a phone, behind a button.
    const list = sidebar.querySelector(".chapter-list");
    if (list) {
      list.id = list.id || "chapter-menu";
      const toggle = element("button", { type: "button", class: "menu-toggle", "aria-expanded": "false",
                                         "aria-controls": list.id }, "Chapters");
      toggle.addEventListener("click", () => {
        const open = sidebar.classList.toggle("menu-open");
        toggle.setAttribute("aria-expanded", String(open));
      });
      sidebar.querySelector(".book-title").after(toggle);
    }
  }

  // Copy buttons: the code only, without the caption, the line-wrap marks or a prompt.
  for (const pre of document.querySelectorAll(".chapter pre")) {
    if (pre.classList.contains("output")) continue;
    const button = element("button", { type: "button", class: "copy-button", "aria-label": "Copy the code" }, "Copy");
    button.addEventListener("click", () => {
      const code = pre.querySelector("code") || pre;
      const copy = code.cloneNode(true);
      for (const mark of copy.querySelectorAll(".wrap-mark")) mark.remove();
      const text = copy.textContent.replace(/\n$/, "");
      const done = () => { button.textContent = "Copied"; setTimeout(() => { button.textContent = "Copy"; }, 1500); };
      const fallback = () => {
        const area = element("textarea", { class: "copy-buffer", "aria-hidden": "true" });
        area.value = text;
        document.body.append(area);
        area.select();
        try { document.execCommand("copy"); done(); } catch (e) { button.textContent = "Select and copy"; }
        area.remove();
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
      else fallback();
    });
    const frame = element("div", { class: "code-frame" });
    pre.before(frame);
    frame.append(pre, button);
  }

  // Arrow keys: previous and next chapter, unless the reader is typing or the page scrolls sideways.
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.defaultPrevented) return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable], .math-display, .table-frame, pre, figure")) return;
    const rel = event.key === "ArrowLeft" ? "prev" : event.key === "ArrowRight" ? "next" : null;
    const link = rel && document.querySelector(`.pager a[rel="${rel}"]`);
    if (link) { event.preventDefault(); window.location.href = link.href; }
  });

  // Search: every heading's section of every chapter, as search-index.js lists them.
  const index = window.dynamicRNNSearch;
  if (sidebar && Array.isArray(index)) {
    const input = element("input", { type: "search", id: "search-input", placeholder: "Search the book",
                                     "aria-label": "Search the book", autocomplete: "off" });
    const results = element("ol", { class: "search-results", id: "search-results", "aria-live": "polite" });
    const box = element("div", { class: "search", role: "search" }, [input, results]);
    sidebar.querySelector(".menu-toggle, .book-title").after(box);
    const fold = (s) => s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    const entries = index.map((e) => ({ ...e, foldedTitle: fold(e.title), foldedText: fold(e.text) }));
    function snippet(text, term) {
      const at = fold(text).indexOf(term);
      const start = Math.max(0, at - 40);
      return (start > 0 ? "…" : "") + text.slice(start, start + 140) + (start + 140 < text.length ? "…" : "");
    }
    function search() {
      const terms = fold(input.value).split(/\s+/).filter((t) => t.length > 0);
      results.replaceChildren();
      if (terms.length === 0) return;
      const found = [];
      for (const entry of entries) {
        if (!terms.every((t) => entry.foldedTitle.includes(t) || entry.foldedText.includes(t))) continue;
        let score = 0;
        for (const t of terms) score += (entry.foldedTitle.includes(t) ? 10 : 0) + Math.min(5, entry.foldedText.split(t).length - 1);
        found.push([score, entry]);
      }
      found.sort((a, b) => b[0] - a[0]);
      for (const [, entry] of found.slice(0, 12)) {
        const link = element("a", { href: entry.page + "#" + entry.id },
                             [element("span", { class: "result-title" }, entry.title),
                              element("span", { class: "result-chapter" }, entry.chapter)]);
        results.append(element("li", {}, [link, element("span", { class: "result-snippet" }, snippet(entry.text, terms[0]))]));
      }
      if (found.length === 0) results.append(element("li", { class: "no-results" }, "Nothing found"));
    }
    input.addEventListener("input", search);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        const first = results.querySelector("a");
        if (first) window.location.href = first.href;
      } else if (event.key === "Escape") {
        input.value = "";
        search();
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "/" && document.activeElement !== input && !/INPUT|TEXTAREA/.test(document.activeElement.tagName)) {
        event.preventDefault();
        sidebar.classList.add("menu-open");
        input.focus();
      }
    });
  }

  // Printing: collapsed details print open, and close again afterwards.
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll("details:not([open])")];
    for (const details of opened) details.open = true;
  });
  window.addEventListener("afterprint", () => { for (const details of opened) details.open = false; opened = []; });
})();
