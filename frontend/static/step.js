// Autosave: while a tester answers, the step form is sent in the background to the same
// address the Save button posts to, so a closed tab or a dropped connection loses nothing.
// Without JavaScript the Save button does the same job. Its words come from the page, in
// the reader's language.
(() => {
  const form = document.getElementById("step-form");
  const status = document.getElementById("autosave-status");
  if (!form || !status || !window.fetch) return;
  let timer;
  const save = async () => {
    if (!form.querySelector("input[name=status]:checked")) return;
    status.textContent = form.dataset.saving;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        redirect: "manual",
        credentials: "same-origin",
      });
      // The form answers a good save with a redirect to the next step.
      const saved = response.type === "opaqueredirect" || response.ok;
      status.textContent = saved ? form.dataset.saved : form.dataset.notSaved;
    } catch {
      status.textContent = form.dataset.offline;
    }
  };
  form.addEventListener("change", () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  });
})();
