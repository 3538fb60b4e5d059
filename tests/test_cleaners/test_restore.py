import lxml.html

from cleaners.html_blocks import blocks_of
from cleaners.restore import restore_dropped

PAGE = """<html><body><div class="content">
<p>The night bus leaves Almaty at nine and reaches Turkistan after sunrise.</p>
<h2>Practical notes</h2>
<p>A few notes for anyone doing the same trip:</p>
<ul><li>Buy your ticket a day ahead in summer.</li><li>Bring a scarf: the air conditioning is arctic.</li></ul>
<p>I arrived at half past nine, stiff and happy.</p>
<ul class="share"><li><a href="/s/fb">Facebook</a></li><li><a href="/s/x">X</a></li></ul>
<p>That is a story for another post.</p>
<ul class="menu"><li><a href="/a">Home</a></li><li><a href="/b">About</a></li></ul>
</div></body></html>"""


def test_what_trafilatura_dropped_between_two_kept_paragraphs_comes_back():
    tree = lxml.html.document_fromstring(PAGE)
    extracted = tuple(b for b in blocks_of(tree.body) if b.kind == "p")  # as if only the paragraphs were kept
    out = [b.text for b in restore_dropped(tree, extracted)]
    assert out == ["The night bus leaves Almaty at nine and reaches Turkistan after sunrise.",
                   "Practical notes",
                   "A few notes for anyone doing the same trip:",
                   "Buy your ticket a day ahead in summer.",
                   "Bring a scarf: the air conditioning is arctic.",
                   "I arrived at half past nine, stiff and happy.",
                   "That is a story for another post."]  # the share links and the menu stay out


def test_nothing_is_put_back_where_the_neighbours_were_not_both_kept():
    tree = lxml.html.document_fromstring(PAGE)
    extracted = tuple(b for b in blocks_of(tree.body) if b.text.startswith(("The night", "I arrived")))
    out = [b.text for b in restore_dropped(tree, extracted)]
    assert out == [b.text for b in extracted]


STANDFIRST_PAGE = """<html><body><header><h1>Site</h1>
<nav><p>Home and all the sections of the site in one line here</p></nav></header><main><h1>Blood donors wanted</h1>
<div class="standfirst"><p>The city blood centre has asked residents to donate before the summer holidays.</p></div>
<div class="meta"><p>28 May 2024</p></div>
<div class="entry"><p>The centre said its stocks of the rarer groups would last less than a week.</p>
<p>Donors need to bring an identity card.</p>
<p>Source: <a href="https://almaty.example/report">Almaty blood centre, annual report</a></p>
<p><a href="mailto:d.s@courier.example">d.s@courier.example</a></p>
<p><a href="/other-story">Another story of the day on the same site</a></p></div></main></body></html>"""


def test_the_standfirst_and_the_references_around_the_story_come_back():
    tree = lxml.html.document_fromstring(STANDFIRST_PAGE)
    entry = tree.find(".//div[@class='entry']")
    extracted = blocks_of(entry)[:2]  # as trafilatura keeps it: the entry's paragraphs, not the links
    out = [b.text for b in restore_dropped(tree, extracted)]
    assert out == ["The city blood centre has asked residents to donate before the summer holidays.",
                   "The centre said its stocks of the rarer groups would last less than a week.",
                   "Donors need to bring an identity card.",
                   "Source: Almaty blood centre, annual report",
                   "d.s@courier.example"]  # the teaser link after them stays out
