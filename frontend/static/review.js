// The review workspace without reloads: choosing a finding, deciding, filtering and searching
// for a duplicate's original fetch the same page the server would show without JavaScript
// and swap it in, keeping the reader's place; keyboard shortcuts for the common moves.
(() => {
  "use strict";
  const root = () => document.getElementById("review");
  if (!root() || !window.fetch || !window.DOMParser) return;
  const wide = window.matchMedia("(min-width: 70rem)");

  // Only the newest request may change the page: a search answered late must not undo a
  // decision made meanwhile.
  let latest = 0;
  let typing;

  async function swap(url, init = {}, how = {}) {
    const ticket = ++latest;
    const scroll = window.scrollY;
    let response, text;
    try {
      response = await fetch(url, { credentials: "same-origin", ...init });
      text = await response.text();
    } catch {
      // Offline or refused: let the browser do it the plain way, which says what went wrong.
      if (!init.method) window.location.assign(url);
      return false;
    }
    if (ticket !== latest) return false;
    const page = new DOMParser().parseFromString(text, "text/html");
    const fresh = page.getElementById("review");
    if (!fresh) {
      document.open();
      document.write(page.documentElement.outerHTML);
      document.close();
      return false;
    }
    root().replaceWith(fresh);
    document.title = page.title;
    if (response.ok && how.history !== "none") {
      const target = response.url + (new URL(url, location.href).hash || "");
      history[how.history === "replace" ? "replaceState" : "pushState"]({}, "", target);
    }
    const detail = document.getElementById("detail");
    if (detail && !wide.matches) window.scrollTo(0, 0);
    else window.scrollTo(0, scroll);
    const said = document.querySelector("#detail [role=alert], #detail [role=status], .row [role=status], .review-head [role=alert]");
    if (how.focus) {
      const again = document.getElementById(how.focus);
      if (again) {
        again.focus({ preventScroll: true });
        if (again.setSelectionRange) again.setSelectionRange(again.value.length, again.value.length);
      }
    } else if (said) {
      said.setAttribute("tabindex", "-1");
      said.focus({ preventScroll: wide.matches });
    } else if (detail) {
      detail.focus({ preventScroll: true });
    }
    return true;
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("#review a.row-link, #review a.back, #review #then-toggle, #review .badges a, #review nav a, #review .filter-actions a");
    if (link && !event.metaKey && !event.ctrlKey && !event.shiftKey && event.button === 0) {
      event.preventDefault();
      swap(link.href);
      return;
    }
    const zoom = event.target.closest("#review a[data-zoom]");
    if (zoom && window.HTMLDialogElement && event.button === 0 && !event.metaKey && !event.ctrlKey) {
      event.preventDefault();
      showFull(zoom);
    }
  });

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.closest("#review") || form.dataset.plain !== undefined) return;
    event.preventDefault();
    clearTimeout(typing);
    const data = new URLSearchParams(new FormData(form, event.submitter));
    if (form.method.toLowerCase() === "get") {
      const url = new URL(form.action);
      url.search = chosen(data);
      swap(url.href, {}, { focus: form.id === "dup-search" ? "dup-q" : null });
    } else {
      swap(form.action, { method: "POST", body: data });
    }
  });

  // A filter left at "any" stays out of the address, as the server writes its own links.
  function chosen(data) {
    return new URLSearchParams([...data].filter(([, value]) => value !== "")).toString();
  }

  // The duplicate picker searches as the manager types.
  document.addEventListener("input", (event) => {
    if (event.target.id !== "dup-q") return;
    clearTimeout(typing);
    const form = event.target.form;
    typing = setTimeout(() => {
      const url = new URL(form.action);
      url.search = chosen(new URLSearchParams(new FormData(form)));
      swap(url.href, {}, { history: "replace", focus: "dup-q" });
    }, 300);
  });

  window.addEventListener("popstate", () => swap(location.href, {}, { history: "none" }));

  function showFull(link) {
    const dialog = document.createElement("dialog");
    dialog.className = "zoom";
    const close = document.createElement("form");
    close.method = "dialog";
    close.dataset.plain = "";
    const button = document.createElement("button");
    button.textContent = "×";
    button.className = "secondary";
    button.setAttribute("aria-label", root().dataset.close);
    close.append(button);
    const image = document.createElement("img");
    image.src = link.href;
    image.alt = link.querySelector("img")?.alt || "";
    image.addEventListener("click", () => dialog.classList.toggle("full"));
    dialog.append(close, image);
    dialog.addEventListener("close", () => {
      dialog.remove();
      link.focus();
    });
    document.body.append(dialog);
    dialog.showModal();
  }

  function move(step) {
    const links = [...document.querySelectorAll("#rows a.row-link")];
    if (!links.length) return;
    const current = links.findIndex((link) => link.getAttribute("aria-current") === "true");
    const next = current === -1 ? (step > 0 ? 0 : links.length - 1) : current + step;
    if (next >= 0 && next < links.length) {
      links[next].closest(".row").scrollIntoView({ block: "nearest" });
      swap(links[next].href);
    }
  }

  document.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey || event.defaultPrevented) return;
    const typingIn = event.target.closest("input, textarea, select, [contenteditable]");
    if (typingIn) {
      if (event.key === "Escape") typingIn.blur();
      return;
    }
    const focus = (key) => document.querySelector(`#detail [data-key="${key}"]`)?.focus();
    const actions = {
      j: () => move(1),
      k: () => move(-1),
      a: () => document.querySelector("#accept-form")?.requestSubmit(),
      r: () => focus("r"),
      d: () => focus("d"),
      i: () => focus("i"),
      n: () => document.getElementById("then-toggle")?.click(),
      x: () => {
        const current = document.querySelector("#rows .row.current input[type=checkbox]");
        if (current) current.checked = !current.checked;
      },
      "?": () => {
        const panel = document.getElementById("shortcuts");
        if (panel) panel.open = !panel.open;
      },
    };
    if (actions[event.key]) {
      event.preventDefault();
      actions[event.key]();
    }
  });
})();
