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
