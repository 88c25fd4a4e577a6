// The campaign's live progress refreshes itself every half minute while the page is in view:
// the section is fetched again and swapped in place, so the reader keeps their place and
// nothing they are doing elsewhere on the page is touched. Without JavaScript, reload.
(() => {
  "use strict";
  const section = document.getElementById("live-progress");
  if (!section || !window.fetch) return;
  const refresh = async () => {
    if (document.visibilityState !== "visible") return;
    try {
      const response = await fetch(section.dataset.refresh, { credentials: "same-origin" });
      if (!response.ok) return;
      const fresh = new DOMParser()
        .parseFromString(await response.text(), "text/html")
        .getElementById("live-progress");
      if (fresh && fresh.innerHTML !== section.innerHTML) section.innerHTML = fresh.innerHTML;
    } catch {
      // Offline for a moment: the next round tries again.
    }
  };
  setInterval(refresh, 30000);
})();
