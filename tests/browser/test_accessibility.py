"""Accessibility in the rendered page: text contrast (WCAG 2.1 AA) and the filters by keyboard.

Contrast is measured on what Chromium actually paints: each element's computed text colour
against the first opaque background behind it, so a colour changed in CSS is checked too.
"""

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/systems/", "/systems/s-400/", "/programmes/india-s-400-purchase/",
         "/meetings/sco-defence-ministers-meeting-2025/", "/articles/", "/search/?q=एस-400",
         "/changes/"]

# For every element with its own visible text: [selector-ish name, text, ratio, needed].
# WCAG 2.1: 4.5:1 for body text, 3:1 for large text (24 px, or 18.66 px bold).
CONTRAST = """
() => {
  const rgba = (css) => {
    const m = css.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r, g, b, a};
  };
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const luminance = ({r, g, b}) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const bg = rgba(getComputedStyle(node).backgroundColor);
      if (bg && bg.a > 0) { layers.push(bg); if (bg.a >= 1) break; }
    }
    let colour = {r: 255, g: 255, b: 255, a: 1};  // the canvas
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const failures = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join("").trim();
    if (!own) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility !== "visible" || style.display === "none" || box.width === 0) continue;
    if (el.closest("[aria-hidden=true], svg, .visually-hidden, .sr-only")) continue;
    const bg = background(el);
    const fg = over(rgba(style.color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) failures.push([el.tagName.toLowerCase() + "." + el.className, own.slice(0, 40),
                                       Math.round(ratio * 100) / 100, needed]);
  }
  return failures;
}
"""


@pytest.mark.parametrize("language", ["en", "hi"])
def test_it_gives_all_text_enough_contrast(site, chromium, language):
    """Every piece of text on the main pages meets WCAG AA contrast, in both languages."""
    context = chromium.new_context(locale=language,
                                   extra_http_headers={"Accept-Language": language})
    tab = context.new_page()
    try:
        for path in PAGES:
            response = tab.goto(site + path)
            assert response.status == 200, path
            assert tab.evaluate(CONTRAST) == [], path
    finally:
        context.close()


def test_it_filters_the_article_list_from_the_keyboard_alone(site, page):
    """Tab reaches every filter in order, arrow keys choose, Enter applies: no mouse needed."""
    page.goto(site + "/articles/")
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        label = page.evaluate("""() => {
            const el = document.activeElement;
            return el && el.form && el.labels && el.labels.length ? el.labels[0].textContent.trim() : null;
        }""")
        if label and label not in reached:
            reached.append(label)
        if label == "Article language":
            break
    assert "Entity mentioned" in reached and reached[-1] == "Article language", reached
    page.keyboard.press("ArrowDown")  # the first choice after "any language"
    chosen = page.evaluate("document.activeElement.value")
    assert chosen
    for _ in range(10):  # on to the form's submit button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'submit'"):
            break
    # Focus is visible where the keyboard is: an outline or a ring on the focused control.
    assert page.evaluate("""() => {
        const s = getComputedStyle(document.activeElement);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    }""")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**language={chosen}**")
    assert page.locator("ol.articles > li").count() > 0


def test_it_measures_contrast_as_wcag_does(chromium):
    """The check itself: grey #777 on white (4.48:1) fails body text and passes as large text."""
    tab = chromium.new_page()
    try:
        tab.set_content('<p style="color:#777">small</p><h1 style="color:#777;font-size:32px">big'
                        '</h1><p style="color:#767676">just enough</p>'
                        '<div style="background:rgba(0,0,0,.9)"><p style="color:#fff">on dark</p>'
                        '</div><div style="background:#000"><p style="color:#333">dim</p></div>')
        failures = tab.evaluate(CONTRAST)
    finally:
        tab.close()
    assert [(text, needed) for _, text, _, needed in failures] == [("small", 4.5), ("dim", 4.5)]
