"""Debian's Chromium through Playwright, and the accessibility checks every visited page passes.

Browser tests skip when Chromium is missing, unless PARCOURS_REQUIRE_BROWSER=1 (as in CI),
which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from tests.helpers import signup_token

CHROMIUM = os.environ.get("PARCOURS_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
SHOTS = Path(__file__).parent / "artifacts" / "browser"


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """A headless Chromium, closed afterwards."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("PARCOURS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}; apt-get install -y chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=ARGS
        )
        try:
            yield browser
        finally:
            await browser.close()


async def last_page(page: Page, name: str) -> None:
    """Keep a screenshot of where the test ended, for people reading a CI run."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


# Labels, headings, names and keyboard reach, and WCAG AA contrast of every text node
# against the background it is painted on (ancestors' backgrounds composed).
_CHECKS = """
() => {
  const problems = [];
  const visible = (el) => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== "hidden";
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button"].includes(el.type)) continue;
    const byFor = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
    if (!(byFor || el.closest("label") || el.getAttribute("aria-label")
          || el.getAttribute("aria-labelledby"))) {
      problems.push(`form field without a label: ${el.name || el.id}`);
    }
  }
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")];
  if (headings.filter((h) => h.tagName === "H1").length !== 1) {
    problems.push(`expected one h1, found ${headings.filter((h) => h.tagName === "H1").length}`);
  }
  let previous = 0;
  for (const h of headings) {
    const level = Number(h.tagName[1]);
    if (previous && level > previous + 1) {
      problems.push(`heading skips from h${previous} to h${level}: ${h.textContent.trim()}`);
    }
    previous = level;
  }
  for (const el of document.querySelectorAll("button, a[href], summary")) {
    if (!visible(el)) continue;
    const html = el.outerHTML.slice(0, 80);
    if (el.tabIndex < 0 || el.disabled) problems.push(`not reachable by keyboard: ${html}`);
    const named = el.textContent.trim() || el.getAttribute("aria-label")
      || el.querySelector("img[alt]");
    if (!named) problems.push(`no accessible name: ${html}`);
  }
  const rgba = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(",").map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const luminance = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let base = [255, 255, 255];
    for (const c of layers.reverse()) base = base.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
    return base;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(el) || !visible(el)) continue;
    seen.add(el);
    if (el.closest(".skip")) continue;
    const style = getComputedStyle(el);
    const fg = rgba(style.color);
    const bg = background(el);
    const mixed = fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i] * (1 - fg[3]));
    const [hi, lo] = [luminance(mixed), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      problems.push(`contrast ${ratio.toFixed(2)} on "${el.textContent.trim().slice(0, 40)}"`);
    }
  }
  return problems;
}
"""

_FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {tag: el.tagName, text: el.textContent.trim().slice(0, 40), ring};
}
"""


async def accessibility_problems(page: Page) -> list[str]:
    """What keeps the page from the accessibility basics; empty when it passes."""
    problems: list[str] = await page.evaluate(_CHECKS)
    # A modal dialog holds focus among its own few controls (the page behind is inert), and
    # Tab past its last one leaves for the browser's own interface: one step is enough there.
    in_dialog = await page.locator("dialog[open]").count() > 0
    if not in_dialog:
        await page.locator("body").focus()
    for _ in range(1 if in_dialog else 3):
        await page.keyboard.press("Tab")
        focused = await page.evaluate(_FOCUSED)
        if focused is None:
            problems.append("Tab reaches nothing")
            break
        if not focused["ring"]:
            problems.append(f"no visible focus on {focused['tag']} {focused['text']!r}")
    return [f"{page.url}: {problem}" for problem in problems]


async def follow_signup_link(page: Page, base: str, email: str, password: str) -> None:
    """After the sign-up form: open the link e-mailed to the address (read from the outbox,
    as its reader would), type the password again and land home, signed in."""
    await expect(page.locator(".notice[role=status]")).to_be_visible()
    token = await signup_token(email)
    assert token, f"no sign-up link was e-mailed to {email}"
    await page.goto(f"{base}/signup/{token}")
    await page.fill("#password", password)
    await page.click("form.stack button[type=submit]")
    await page.wait_for_url(f"{base}/")
