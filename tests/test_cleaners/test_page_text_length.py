"""page_text_length must give len(html2txt(tree)) (trafilatura's page measure) on any tree."""

import lxml.html
import pytest
from trafilatura.baseline import html2txt

from cleaners.trafilatura_run import page_text_length

PAGES = [
    "<html><body><p>One</p><p>two</p>three<br>four<hr>five</body></html>",
    "<html><body><div>a<span>b</span>c</div>d<aside>gone</aside>tail stays<footer>x</footer>y</body></html>",
    # contains(@class|@id, 'footer') reads whichever attribute comes first
    '<html><body><div id="footer" class="x">a</div><div class="y" id="footer">b</div>'
    '<div class="page-footer">c</div><section class="footer">d</section>e</body></html>',
    '<html><body><div class="Cookie-Banner">c</div><p id="onetrust-x">o</p><p class="ok">kept</p></body></html>',
    "<html><body><p>before<!-- a comment -->after</p><div>in<aside>out</aside></div>end</body></html>",
    "<html><body><aside>nested <div>deleted</div> too</aside>tail<p>p</p></body></html>",
    "<html><body><script>var x</script><style>p{}</style><template>t</template>kept</body></html>",
    "<html><head><title>t</title></head><body>\xa0spaced\u2003text \n\t here</body></html>",
    "<html><body><p>soft\xadhyphen and zero\u200bwidth</p><b>inline\u200bchar</b></body></html>",
    "<html><body><p>form\x0cfeed</p></body></html>",
    "<html><body></body></html>",
    "<div><p>no body</p><aside>x</aside></div>",
]


@pytest.mark.parametrize("html", PAGES)
def test_same_as_html2txt(html):
    tree = lxml.html.document_fromstring(html) if html.startswith("<html") else lxml.html.fromstring(html)
    try:
        expected = len(html2txt(tree))
    except ValueError:
        with pytest.raises(ValueError):
            page_text_length(tree)
        return
    assert page_text_length(tree) == expected
    assert page_text_length(tree) == expected  # and the tree is left as it was
