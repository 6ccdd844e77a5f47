"""Accessibility basics on every page: landmarks, a skip link, a label for every control."""

from html.parser import HTMLParser

import pytest

from .test_queries import PAGES, _url


class Outline(HTMLParser):
    """What the checks need from a page: landmarks, controls, labels, ids, links."""

    def __init__(self):
        super().__init__()
        self.tags, self.controls, self.labels, self.ids, self.hrefs = [], [], set(), [], []
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append(attrs)
        if tag == "a":
            self.hrefs.append(attrs.get("href"))


@pytest.mark.parametrize("url,_most", PAGES[:-1])  # the last one is the Atom feed
def test_it_gives_every_page_landmarks_a_skip_link_and_labelled_controls(client, make_corpus,
                                                                          url, _most):
    """header, nav, main and footer; a skip link to #content; every control labelled; ids unique."""
    make_corpus(3)
    response = client.get(_url(url))
    assert response.status_code == 200
    outline = Outline()
    outline.feed(response.content.decode())
    assert {"header", "nav", "main", "footer"} <= set(outline.tags)
    assert outline.hrefs[0] == "#content" and "content" in outline.ids
    assert outline.html_lang == "en"
    for control in outline.controls:
        assert control.get("id") in outline.labels or control.get("aria-label"), control
    assert len(outline.ids) == len(set(outline.ids)), "duplicate ids"
