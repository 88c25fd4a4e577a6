// Progressive enhancements for the forms that carry screenshots (a new finding, a reply to a
// manager's question); each form works without them. The words come from the page, in the
// reader's language.
// 1. Offer similar findings while the title is typed ("me too"), where the form asks for it.
(() => {
  "use strict";
  const title = document.getElementById("title");
  const similar = document.getElementById("similar");
  if (!title || !similar || !title.dataset.similar) return;
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
})();

// 2. Let the tester drag rectangles over each screenshot; the server blurs them. One canvas
// per selected screenshot: every one can hide what is private.
(() => {
  "use strict";
  const input = document.getElementById("screenshots");
  if (!input) return;
  const words = input.dataset;
  const editor = document.getElementById("blur-editor");
  const canvases = document.getElementById("blur-canvases");
  const field = document.getElementById("blur");
  let shots = [];

  const save = () => {
    field.value = JSON.stringify(shots.flatMap((shot, index) =>
      shot.areas.map((a) => ({ screenshot: index, ...a }))));
  };
  const draw = (shot) => {
    const scale = shot.image.naturalWidth / shot.canvas.width;
    shot.context.drawImage(shot.image, 0, 0, shot.canvas.width, shot.canvas.height);
    shot.context.fillStyle = "rgba(20, 20, 20, 0.6)";
    for (const a of shot.areas) {
      shot.context.fillRect(a.x / scale, a.y / scale, a.width / scale, a.height / scale);
    }
    save();
  };
  const point = (canvas, event) => {
    const box = canvas.getBoundingClientRect();
    return {
      x: (event.clientX - box.left) * (canvas.width / box.width),
      y: (event.clientY - box.top) * (canvas.height / box.height),
    };
  };
  const editable = (file, index) => {
    const canvas = document.createElement("canvas");
    canvas.className = "blur-canvas";
    canvas.tabIndex = 0;
    canvas.setAttribute("aria-label", words.blurLabel.replace("{number}", String(index + 1)));
    const shot = { canvas, context: canvas.getContext("2d"), image: new Image(), areas: [] };
    let start = null;
    canvas.addEventListener("pointerdown", (event) => {
      start = point(canvas, event);
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener("pointerup", (event) => {
      if (!start) return;
      const end = point(canvas, event);
      const scale = shot.image.naturalWidth / canvas.width;
      const x = Math.min(start.x, end.x), y = Math.min(start.y, end.y);
      const width = Math.abs(end.x - start.x), height = Math.abs(end.y - start.y);
      start = null;
      if (width < 4 || height < 4) return;
      shot.areas.push({
        x: Math.round(x * scale), y: Math.round(y * scale),
        width: Math.round(width * scale), height: Math.round(height * scale),
      });
      draw(shot);
    });
    shot.image.onload = () => {
      canvas.width = Math.min(shot.image.naturalWidth, editor.parentElement.clientWidth);
      canvas.height = Math.round(canvas.width * shot.image.naturalHeight / shot.image.naturalWidth);
      draw(shot);
    };
    shot.image.src = URL.createObjectURL(file);
    return shot;
  };
  input.addEventListener("change", () => {
    const files = [...input.files].filter((file) => file.type.startsWith("image/"));
    shots = files.map(editable);
    canvases.replaceChildren(...shots.map((shot) => shot.canvas));
    editor.hidden = shots.length === 0;
    save();
  });
  document.getElementById("blur-clear").addEventListener("click", () => {
    for (const shot of shots) { shot.areas = []; draw(shot); }
  });
})();

// 3. Check the screenshots before sending (the server stays the judge): a file that is too
// large or not an image is named next to the field, and nothing typed is sent away.
(() => {
  "use strict";
  const input = document.getElementById("screenshots");
  const error = document.getElementById("screenshots-error");
  if (!input || !error) return;
  const form = input.form;
  const words = input.dataset;
  const accepted = ["image/png", "image/jpeg", "image/webp"];
  const limit = Number(words.maxBytes);
  const problem = () => {
    for (const file of input.files) {
      if (!accepted.includes(file.type)) return words.notImage.replace("{name}", file.name);
      if (limit && file.size > limit) {
        return words.tooBig
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
