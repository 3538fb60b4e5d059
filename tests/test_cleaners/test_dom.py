import lxml.html

from cleaners.dom import prune_invisible


def test_hidden_elements_go_and_visible_ones_stay():
    tree = lxml.html.document_fromstring(
        "<html><body><p>visible</p><p hidden>hidden attr</p><div style='display: none'>none</div>"
        "<div style='color:red; visibility:hidden;'>invisible</div><span aria-hidden='true'>icon</span>"
        "<img aria-hidden='true' class='fallback-image'><p style='display:block'>block</p>"
        "<p style='font-family: none-such'>font named none</p></body></html>")
    assert prune_invisible(tree) == 4
    assert tree.text_content() == "visibleblockfont named none"
    assert len(tree.xpath("//img")) == 1


def test_comments_go_and_the_text_after_them_stays():
    from cleaners.dom import drop_comments

    tree = lxml.html.document_fromstring(
        "<html><body><p>T<!-- dropcap -->he mayor <?cms marker?>said <b>no<!-- x --> more</b><!-- y -->.</p>"
        "</body></html>")
    assert drop_comments(tree) == 4
    assert tree.text_content() == "The mayor said no more."
