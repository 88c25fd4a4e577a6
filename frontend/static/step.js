// Autosave: while a tester answers, the step form is sent in the background to the same
// address the Save button posts to, so a closed tab or a dropped connection loses nothing.
// Without JavaScript the Save button does the same job.
(() => {
  const form = document.getElementById("step-form");
  const status = document.getElementById("autosave-status");
  if (!form || !status || !window.fetch) return;
  let timer;
  const save = async () => {
    if (!form.querySelector("input[name=status]:checked")) return;
    status.textContent = "Saving…";
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        redirect: "manual",
        credentials: "same-origin",
      });
      // The form answers a good save with a redirect to the next step.
      const saved = response.type === "opaqueredirect" || response.ok;
      status.textContent = saved ? "Saved" : "Not saved yet: check your answers, then Save";
    } catch {
      status.textContent = "Offline: press Save when you are back online";
    }
  };
  form.addEventListener("change", () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  });
})();
