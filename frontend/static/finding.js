// Progressive enhancements for the finding form; the form works without them.
// 1. Offer similar findings while the title is typed ("me too").
// 2. Let the tester drag rectangles over the first screenshot; the server blurs them.
(() => {
  "use strict";
  const title = document.getElementById("title");
  const similar = document.getElementById("similar");
  // The words come from the page, in the reader's language.
  const words = document.getElementById("finding-form").dataset;
  let timer = null;
  title.addEventListener("input", () => {
    clearTimeout(timer);
    if (title.value.trim().length < 3) { similar.replaceChildren(); return; }
    timer = setTimeout(async () => {
      const url = `${title.dataset.similar}?title=${encodeURIComponent(title.value)}`;
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) return;
      const found = await response.json();
      similar.replaceChildren(...found.map((f) => {
        const item = document.createElement("p");
        item.className = "notice";
        item.textContent = `${words.already
          .replace("{title}", f.title)
          .replace("{testers}", String(f.confirmations + 1))} `;
        const button = document.createElement("button");
        button.type = "button";
        button.className = "secondary";
        button.textContent = words.meToo;
        button.addEventListener("click", async () => {
          const csrf = document.querySelector("input[name=_csrf_token]").value;
          const me = await fetch(`${title.dataset.similar.replace(/similar$/, "")}${f.id}/me-too`, {
            method: "POST", credentials: "same-origin", headers: { "x-csrftoken": csrf },
          });
          item.textContent = me.ok ? words.thanks : words.failed;
        });
        item.append(button);
        return item;
      }));
    }, 300);
  });

  const input = document.getElementById("screenshots");
  const editor = document.getElementById("blur-editor");
  const canvas = document.getElementById("blur-canvas");
  const field = document.getElementById("blur");
  const context = canvas.getContext("2d");
  let image = null, areas = [], start = null;

  const scale = () => image.naturalWidth / canvas.width;
  const draw = () => {
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    context.fillStyle = "rgba(20, 20, 20, 0.6)";
    for (const a of areas) context.fillRect(a.x / scale(), a.y / scale(), a.width / scale(), a.height / scale());
    field.value = JSON.stringify(areas.map((a) => ({ screenshot: 0, ...a })));
  };
  const point = (event) => {
    const box = canvas.getBoundingClientRect();
    return { x: (event.clientX - box.left) * (canvas.width / box.width), y: (event.clientY - box.top) * (canvas.height / box.height) };
  };
  input.addEventListener("change", () => {
    areas = [];
    field.value = "[]";
    const file = input.files[0];
    if (!file) { editor.hidden = true; return; }
    image = new Image();
    image.onload = () => {
      canvas.width = Math.min(image.naturalWidth, editor.parentElement.clientWidth);
      canvas.height = Math.round(canvas.width * image.naturalHeight / image.naturalWidth);
      editor.hidden = false;
      draw();
    };
    image.src = URL.createObjectURL(file);
  });
  canvas.addEventListener("pointerdown", (event) => { start = point(event); canvas.setPointerCapture(event.pointerId); });
  canvas.addEventListener("pointerup", (event) => {
    if (!start) return;
    const end = point(event), s = scale();
    const x = Math.min(start.x, end.x), y = Math.min(start.y, end.y);
    const width = Math.abs(end.x - start.x), height = Math.abs(end.y - start.y);
    start = null;
    if (width < 4 || height < 4) return;
    areas.push({ x: Math.round(x * s), y: Math.round(y * s), width: Math.round(width * s), height: Math.round(height * s) });
    draw();
  });
  document.getElementById("blur-clear").addEventListener("click", () => { areas = []; draw(); });
})();

// 3. Check the screenshots before sending (the server stays the judge): a file that is too
// large or not an image is named next to the field, and nothing typed is sent away.
(() => {
  "use strict";
  const form = document.getElementById("finding-form");
  const input = document.getElementById("screenshots");
  const error = document.getElementById("screenshots-error");
  if (!form || !input || !error) return;
  const accepted = ["image/png", "image/jpeg", "image/webp"];
  const limit = Number(form.dataset.maxBytes);
  const problem = () => {
    for (const file of input.files) {
      if (!accepted.includes(file.type)) return form.dataset.notImage.replace("{name}", file.name);
      if (limit && file.size > limit) {
        return form.dataset.tooBig
          .replace("{name}", file.name)
          .replace("{limit}", String(Math.round(limit / 1048576)));
      }
    }
    return null;
  };
  const show = () => {
    const message = problem();
    error.hidden = !message;
    error.textContent = message || "";
    return !message;
  };
  input.addEventListener("change", show);
  form.addEventListener("submit", (event) => {
    if (!show()) { event.preventDefault(); input.focus(); }
  });
})();
