// Autosave for the campaign builder: a second after the client stops typing, the form is
// sent to the autosave address, which keeps it whatever its state and answers with the new
// revision and what is still to fix. Without JavaScript the Save button does the same.
// When someone else saved meanwhile, autosave stops and says so: the server refused the
// save, and the page must be reloaded to see their version. Words come from the page.
(() => {
  "use strict";
  const form = document.getElementById("builder");
  const status = document.getElementById("autosave-status");
  const revision = document.getElementById("revision");
  if (!form || !status || !revision || !window.fetch) return;
  const words = form.dataset;
  let timer = null;
  let stopped = false;
  // A field's element id from its path, as the server's field_id filter makes it.
  const fieldId = (path) => `f-${path.replaceAll(".", "-").replaceAll("[", "-").replaceAll("]", "")}`;
  // Each problem under its field, as the page shows them after a save; earlier ones go.
  const showProblems = (problems) => {
    for (const old of form.querySelectorAll(".field-error")) old.remove();
    for (const field of form.querySelectorAll("[aria-invalid]")) {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    }
    for (const problem of problems) {
      const id = fieldId(problem.path);
      const target = document.getElementById(id);
      if (!target) continue;
      const message = document.createElement("p");
      message.className = "field-error";
      message.id = `${id}-error`;
      message.textContent = problem.message;
      const holder = target.closest(".field") || target;
      holder.append(message);
      for (const input of holder.querySelectorAll("input, select, textarea")) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", message.id);
      }
    }
  };
  const save = async () => {
    if (stopped) return;
    status.textContent = words.saving;
    const body = new URLSearchParams(new FormData(form));
    body.delete("op");
    try {
      const response = await fetch(words.autosave, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { accept: "application/json" },
      });
      const answer = await response.json();
      if (response.status === 409) {
        stopped = true;
        status.textContent = answer.detail;
        status.classList.add("error");
        return;
      }
      if (!response.ok) {
        status.textContent = answer.detail || words.failed;
        return;
      }
      revision.value = String(answer.revision);
      showProblems(answer.problems);
      const count = answer.problems.length;
      status.textContent = count
        ? `${answer.saved} · ${words.problems.replace("{count}", String(count))}`
        : answer.saved;
    } catch {
      status.textContent = words.failed;
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 1000);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  // A button of the form (add, move, remove, save) posts the form itself: no autosave
  // may race it with the same revision.
  form.addEventListener("submit", () => {
    clearTimeout(timer);
    stopped = true;
  });
})();

// Drag to reorder: each item's handle (shown only with JavaScript) drags it onto another
// item of the same list; the drop posts the form with the move, like the Move buttons.
(() => {
  "use strict";
  const form = document.getElementById("builder");
  if (!form) return;
  const handles = form.querySelectorAll(".drag-handle");
  const listOf = (path) => path.replace(/\[\d+\]$/, "");
  let dragged = null;
  for (const handle of handles) {
    handle.hidden = false;
    const item = handle.closest(".builder-item");
    handle.addEventListener("dragstart", (event) => {
      dragged = handle.dataset.path;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged);
      item.classList.add("dragging");
    });
    handle.addEventListener("dragend", () => {
      item.classList.remove("dragging");
      dragged = null;
    });
    item.addEventListener("dragover", (event) => {
      if (dragged && listOf(dragged) === listOf(handle.dataset.path) && dragged !== handle.dataset.path) {
        event.preventDefault();
        event.stopPropagation();
        item.classList.add("drop-target");
      }
    });
    item.addEventListener("dragleave", () => item.classList.remove("drop-target"));
    item.addEventListener("drop", (event) => {
      if (!dragged || listOf(dragged) !== listOf(handle.dataset.path)) return;
      event.preventDefault();
      event.stopPropagation();
      const op = document.createElement("input");
      op.type = "hidden";
      op.name = "op";
      op.value = `to:${dragged}:${handle.dataset.index}`;
      form.append(op);
      form.requestSubmit();
    });
  }
})();
