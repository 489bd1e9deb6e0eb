"""What a person sees, checked in the browser: no word split across lines in a table cell or a
heading, nothing wider than the window outside a region that scrolls, no text under 14 px.

`look(driver, name)` checks the current page at the window's width and saves a screenshot under
Tests/Browser/screenshots/ (ignored by git), so the pages can also be looked at by eye.
"""
import os
import pathlib
import re

SHOTS = pathlib.Path(os.environ.get("NARA_SCREENSHOTS", pathlib.Path(__file__).parent / "screenshots"))
WIDTHS = (1280, 375)
MIN_TEXT_PX = 14

LAYOUT_SCRIPT = r"""
const problems = [];
const vw = document.documentElement.clientWidth;
const visible = el => {
  for (let e = el; e && e !== document.body; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden') return false;
    if (s.position === 'absolute' && (s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)')) return false;
    if (e.hidden || e.closest('details:not([open]) > :not(summary)')) return false;
  }
  return true;
};
const label = el => {
  const t = (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + ' "' + t + '"';
};
// A compound written with a hyphen or a slash may break after it ("läns-|gemensam", "VFU-|veckor",
// "rehabiliterande/|habiliterande") or at a soft hyphen put there on purpose, as in print; a code such as "VG-23-0001" may not, nor may a
// word break anywhere else.
const atHyphen = (node, start, word) => {
  const lineOf = i => { const r = document.createRange(); r.setStart(node, start + i); r.setEnd(node, start + i + 1);
                        const rects = Array.from(r.getClientRects()).filter(x => x.width > 0);
                        return rects.length ? Math.round(rects[rects.length - 1].top / 4) : null; };
  let previous = lineOf(0);
  for (let i = 1; i < word.length; i++) {
    if (word[i] === '\u00ad' || word[i] === '\u200b') continue;
    const line = lineOf(i);
    if (line === null || line === previous) continue;
    const ok = /\p{L}[-\/\u00ad]$/u.test(word.slice(0, i).replace(/\u200b/g, '')) && /\p{L}/u.test(word[i]);
    if (!ok) return false;
    previous = line;
  }
  return true;
};
// 1. A word split over two lines, in a table cell, a caption or a heading.
const splitWords = new Set();
for (const cell of document.querySelectorAll('td, th, caption, h1, h2, h3, h4, legend, summary')) {
  if (!visible(cell)) continue;
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement || !visible(node.parentElement)) continue;
    const text = node.textContent;
    const re = /\S+/g;
    let m;
    while ((m = re.exec(text))) {
      if (m[0].length < 2) continue;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set();
      for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top / 4));
      if (tops.size > 1 && !atHyphen(node, m.index, m[0])) splitWords.add(m[0] + ' i ' + label(cell));
    }
  }
}
for (const w of splitWords) problems.push('ord delat över rader: ' + w);
// 2. Wider than the window outside a region that scrolls sideways.
if (document.documentElement.scrollWidth > vw + 1) {
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right <= vw + 1 || r.width === 0) continue;
    let scrolled = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a).overflowX;
      if (s === 'auto' || s === 'scroll' || s === 'hidden') { scrolled = true; break; }
    }
    if (!scrolled) culprits.push(label(el) + (visible(el) ? '' : ' (dold)') + ' (' + Math.round(r.right) + ' px)');
  }
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (r.right <= vw + 1) continue;
    let scrolled = false;
    for (let a = node.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a).overflowX;
      if (s === 'auto' || s === 'scroll' || s === 'hidden') { scrolled = true; break; }
    }
    if (!scrolled) culprits.push('text "' + node.textContent.trim().slice(0, 50) + '" i ' + label(node.parentElement) + ' (' + Math.round(r.right) + ' px)');
  }
  problems.push('sidan är bredare än fönstret (' + document.documentElement.scrollWidth + ' > ' + vw + ' px): ' + culprits.slice(-3).join('; '));
}
// 3. Text under the smallest size people can read without zooming.
const small = new Set();
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!el || !node.textContent.trim() || !visible(el) || el.closest('script, style, noscript')) continue;
  let size = parseFloat(getComputedStyle(el).fontSize);
  if (el instanceof SVGElement && el.getScreenCTM) {
    const m = el.getScreenCTM();
    if (m) size = size * Math.sqrt(m.a * m.a + m.b * m.b);
  }
  if (size < MIN_PX - 0.05) small.add(label(el) + ' ' + size.toFixed(1) + ' px');
}
for (const s of Array.from(small).slice(0, 5)) problems.push('text mindre än MIN_PX px: ' + s);
return problems;
""".replace("MIN_PX", str(MIN_TEXT_PX))


def shot_name(name, width):
    safe = re.sub(r"[^A-Za-z0-9åäöÅÄÖ_-]+", "_", name).strip("_")[:120] or "start"
    return f"{safe}_{width}.png"


def layout_problems(driver):
    return driver.execute_script(LAYOUT_SCRIPT)


def set_width(driver, width):
    """Sets the window so the page's viewport is `width` CSS pixels wide."""
    size = driver.get_window_size()
    inner = driver.execute_script("return window.innerWidth")
    if inner != width:
        driver.set_window_size(width + (size["width"] - inner), size["height"])


def save_full_page(driver, path, max_height=8000):
    """The whole page, not only what the window shows (up to `max_height` px)."""
    import base64
    width, height = driver.execute_script(
        "return [document.documentElement.clientWidth, document.documentElement.scrollHeight]")
    data = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": min(height, max_height), "scale": 1}})
    path.write_bytes(base64.b64decode(data["data"]))


def look(driver, name, widths=WIDTHS):
    """Checks the current page at each width (returning to the first), saves a screenshot of each and
    returns the problems found, each prefixed with the width."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    try:
        for width in widths:
            set_width(driver, width)
            problems += [f"{width} px: {p}" for p in layout_problems(driver)]
            save_full_page(driver, SHOTS / shot_name(name, width))
    finally:
        set_width(driver, widths[0])
    return problems
