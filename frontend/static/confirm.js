// Irreversible actions ask first. Each such link leads to a confirmation page, which works
// without JavaScript; with it, the same confirmation opens in a dialog on the page itself.
(() => {
  "use strict";
  if (!window.HTMLDialogElement) return;
  for (const link of document.querySelectorAll("a[data-dialog]")) {
    const dialog = document.getElementById(link.dataset.dialog);
    if (!dialog) continue;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      dialog.showModal();
    });
    for (const cancel of dialog.querySelectorAll("[data-dismiss]")) {
      cancel.addEventListener("click", (event) => {
        event.preventDefault();
        dialog.close();
        link.focus();
      });
    }
  }
})();
