import lxml.html

from cleaners.html_blocks import blocks_of


def blocks(html: str):
    return [(b.kind, b.text) for b in blocks_of(lxml.html.fragment_fromstring(html, create_parent="div"))]


def test_paragraphs_headings_lists_and_quotes():
    html = ("<h2>Sub</h2><p>One <b>bold</b> line.</p><ul><li>first</li><li>second<ul><li>inner</li></ul></li></ul>"
            "<blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote><pre>x  =  1\n  y</pre>")
    assert blocks(html) == [("heading", "Sub"), ("p", "One bold line."), ("item", "first"), ("item", "second"),
                            ("item", "inner"), ("quote", "Quoted one."), ("quote", "Quoted two."),
                            ("code", "x  =  1\n  y")]


def test_pages_without_p_keep_their_paragraphs():
    assert blocks("<div>First para.<br><br>Second para.<br>same para.</div><div>Third para.</div>") == [
        ("p", "First para."), ("p", "Second para.\nsame para."), ("p", "Third para.")]


def test_data_tables_become_rows_and_layout_tables_are_walked():
    data = ("<table><tr><th>Year</th><th>Film</th></tr>"
            "<tr><td>1993</td><td><a href='/g'>Groundhog Day</a></td></tr></table>")
    assert blocks(data) == [("row", "Year | Film"), ("row", "1993 | Groundhog Day")]
    long = "word " * 250
    layout = f"<table><tr><td><p>{long}</p><p>Second.</p></td></tr></table>"
    assert [k for k, _ in blocks(layout)] == ["p", "p"]


def test_link_density_counts_only_links_elsewhere():
    [(b)] = blocks_of(lxml.html.fragment_fromstring('<p><a href="/other">Other story headline</a></p>',
                                                    create_parent="div"))
    assert b.link_density == 1.0
    [b] = blocks_of(lxml.html.fragment_fromstring('<h2><a name="s1" href="#s1">Section one</a></h2>',
                                                  create_parent="div"))
    assert b.link_density == 0.0  # a jump within the page is not a link away


def test_figures_scripts_and_forms_controls_are_left_out():
    html = ("<p>Text.</p><figure><img src=a.jpg><figcaption>Caption, Credit</figcaption></figure>"
            "<script>var x=1</script><p>More <button>Share</button>text.</p>")
    assert blocks(html) == [("p", "Text."), ("p", "More text.")]


def test_ordered_lists_are_marked():
    out = blocks_of(lxml.html.fragment_fromstring("<ol><li>a</li><li>b</li></ol><ul><li>c</li></ul>",
                                                  create_parent="div"))
    assert [(b.text, b.ordered) for b in out] == [("a", True), ("b", True), ("c", False)]
    assert out[0].group == out[1].group != out[2].group


def test_inline_code_stays_in_its_sentence():
    root = lxml.html.fromstring("<div><p>Put them in <code>setup.py</code>'s <code>install_requires</code>:</p>"
                                "<pre><code>setup(name='x')\ninstall_requires=[]</code></pre></div>")
    blocks = blocks_of(root)
    assert [(b.kind, b.text) for b in blocks] == [("p", "Put them in setup.py's install_requires:"),
                                                  ("code", "setup(name='x')\ninstall_requires=[]")]
