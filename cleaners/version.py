"""CHAIN_VERSION names the behaviour of the whole chain; it goes into every output line so a
re-run with a newer chain can be told apart and diffed. Bump it whenever any step's output can
change for some input. A module of its own, so that what only writes lines (the parent of the
cleaning workers, the sinks) does not import the extractor.
"""

# 1.4.0: the article gate on evidence, per-script word counts, fallbacks for short extractions,
# accidental copies only, link lines in context, dates with labels kept
# 1.4.1: card layouts (a headline inside its link) count as teasers: tag and author pages refused
# 1.5.0: fix_mojibake (ftfy re-decoding) first; mostly-valid UTF-8 kept as UTF-8, NUL and
# noncharacters removed; removed blocks in the audit bounded (200 characters and a digest);
# publication dates by a weighted vote with htmldate as one voter; mixed-script repair towards the
# line's language's alphabet; language sampled from three places, null when the script disagrees
# 1.6.0: reader appeals after the story, box headings naming the site, "last modified" stamps,
# bylines naming the article's own authors; affiliate, consent and comment notices; service
# boxes of table layouts; the byline below a headline printed in bold (no heading element);
# site template profiles (when configured); mixed-script repair of a word with no context, Greek
# n as ν or η, known-word lists for Serbian Latin and Kazakh/Kyrgyz loans, a paragraph's named language
# 1.7.0: trafilatura's recall focus when every other run finds next to nothing; advertising
# disclosures at the story's edges, a note about the writer closing the page, a label left alone
# as the last line; "Follow <site> on <network>" appeals; colon headings of box words; a linked
# product below a quantity kept; more notice phrases
# 1.7.1: the first paragraph repeated with a heading in between is kept (the same paragraph under
# each section's heading), not dropped as the template's second lead
# 1.7.2: a box of other stories after the story takes its teasers' linked standfirsts and the
# section names between them; "latest"/"popular"/"recommended" box words in seven more languages
# 1.7.3: a hidden pane of a series whose other pane is shown (a gallery's next slide, a tab) stays
# when it holds running text
# 1.7.4: trafilatura's baseline rescue reads the page's JSON-LD again (a story held only there)
# 1.7.5: a fast run rescued by trafilatura's baseline gets the full default run, however long its text
# 1.7.6: a reader appeal in a block's later sentence or clause ("... Subscribe to our daily newsletter
# here."); "click", "scan", "visit" and the QR code in the English appeal vocabulary
# 1.7.7: a box label another rule took ("Latest news", a boilerplate line) still takes its teasers along
CHAIN_VERSION = "1.7.7"
