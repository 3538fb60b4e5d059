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
