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


SLIDE = ("<div class='gallery-section{state}' style='display: {display}'><h2>{n}. A kettle that whistles a tune</h2>"
         "<p>It boils water like any other kettle. The difference is the tune it plays when the water is ready, "
         "which the maker says took two years to get right. It costs about as much as a good toaster.</p></div>")


def test_the_unshown_slides_of_a_gallery_stay_when_they_hold_prose():
    """A gallery shows one slide and hides the next ones until the reader clicks: they are the story."""
    slides = [SLIDE.format(state="", display="block", n=1)] + [SLIDE.format(state=" hidden", display="none", n=n)
                                                               for n in (2, 3)]
    tree = lxml.html.document_fromstring(f"<html><body><div>{''.join(slides)}</div></body></html>")
    assert prune_invisible(tree) == 0
    assert [h.text for h in tree.iter("h2")] == ["1. A kettle that whistles a tune", "2. A kettle that whistles a tune",
                                                 "3. A kettle that whistles a tune"]


def test_hidden_elements_that_are_no_pane_of_a_shown_series_go():
    slide = SLIDE.format(state="", display="block", n=1)
    hidden = SLIDE.format(state=" hidden", display="none", n=2)
    teasers = ("<div class='slide' style='display:none'><a href='/a'>Metro fares to stay the same</a> "
               "<a href='/b'>Wrestlers win three golds in Almaty, and the coach is pleased with them</a> "
               "<a href='/c'>A new polyclinic for Alatau district opens in the autumn of next year</a></div>")
    for body in (
        hidden,  # no slide of the series is shown: a hidden element like any other
        slide + hidden.replace("gallery-section", "mobile-menu"),  # another kind of element
        "<div class='slide'><a href='/x'>Shown teaser</a></div>" + teasers,  # a carousel of links
    ):
        tree = lxml.html.document_fromstring(f"<html><body><div>{body}</div></body></html>")
        assert prune_invisible(tree) == 1, body


def test_a_page_hiding_thousands_of_panes_costs_linear_work(monkeypatch):
    """Each parent's shown kinds are read once: a page may hide thousands of siblings, and asking
    every one of them about every other was quadratic (8,000 panes: 74 s of CPU)."""
    import cleaners.dom as dom

    calls = 0
    key = dom._series_key

    def counted(el):
        nonlocal calls
        calls += 1
        return key(el)

    monkeypatch.setattr(dom, "_series_key", counted)
    n = 300
    slides = [SLIDE.format(state=" hidden", display="none", n=i) for i in range(1, n + 1)]
    slides.append(SLIDE.format(state="", display="block", n=0))  # the shown one last: every pane looks to the end
    tree = lxml.html.document_fromstring(f"<html><body><div>{''.join(slides)}</div></body></html>")
    assert prune_invisible(tree) == 0
    assert calls <= 3 * (n + 1)
