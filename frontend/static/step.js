// Autosave: while a tester answers, the step form is sent in the background to the same
// address the Save button posts to, so a closed tab or a dropped connection loses nothing.
// Without JavaScript the Save button does the same job. Its words come from the page, in
// the reader's language. A step saved with a required answer missing is stored but not yet
// done: the server's page says which answers it lacks, and that is what the tester reads.
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
      // A complete save answers with a redirect to the next step; an unfinished one with
      // this page again, naming what is still to answer.
      if (response.type === "opaqueredirect") {
        status.textContent = form.dataset.saved;
      } else if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const unfinished = page.getElementById("unfinished");
        status.textContent = unfinished ? unfinished.textContent : form.dataset.saved;
      } else {
        status.textContent = form.dataset.notSaved;
      }
    } catch {
      status.textContent = form.dataset.offline;
    }
  };
  form.addEventListener("change", () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  });
})();
