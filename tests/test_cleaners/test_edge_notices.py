"""Notices at the story's edges (disclosures, box labels, notices of a page's widgets) go; the same
words, or lines of the same shape, inside the story stay."""

import pytest
from helpers import make_article, texts

from cleaners.records import Block
from cleaners.strip_boilerplate import classify, phrase_lists, strip_boilerplate

PHRASES = phrase_lists()
STORY = ("The regional court in Karaganda ruled on Tuesday that the factory must pay compensation to the "
         "families of the two workers who died in the fire, ending a case that had lasted four years.")
LATER = ("Lawyers for the factory said they would appeal, and the families' lawyer told reporters that the "
         "ruling was the first of its kind in the region and would be read closely elsewhere.")
DISCLOSURE = ("This post contains references to products from one or more of our advertisers. We may receive "
              "compensation when you click on links to those products. Terms apply to the offers listed on "
              "this page, and our opinions are our own, not those of the card issuers.")
AFFILIATE_STORY = ("Retailers pay a share of each sale to the sites that link to them, and several publishers told "
                   "the regulator that we may receive compensation is a phrase their readers no longer notice, "
                   "which is why the new rules ask for it to be printed above every review.")


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_disclosure_before_or_after_the_story_goes(config, where):
    blocks = [DISCLOSURE, STORY, LATER] if where == "before" else [STORY, LATER, DISCLOSURE]
    out = strip_boilerplate(make_article(*blocks), config)
    assert texts(out) == [STORY, LATER]
    assert [r.reason for r in out.removed] == ["disclosure"]


def test_a_disclosure_between_two_paragraphs_of_the_story_is_the_story(config):
    art = make_article(STORY, DISCLOSURE, LATER)  # a story on how review sites disclose their earnings
    assert strip_boilerplate(art, config) == art


def test_a_long_paragraph_on_affiliate_links_at_the_end_stays(config):
    long_story = " ".join([AFFILIATE_STORY] * 2)  # past the length of a disclosure
    art = make_article(STORY, long_story)
    assert strip_boilerplate(art, config) == art


@pytest.mark.parametrize("text", [
    "Our Standards: The Thomson Reuters Trust Principles.",
    "Teilen Sie dies mit:",
    "Um den Tipp \"Tomaten richtig schneiden\" kommentieren zu können, melde dich bitte an.",
    "Video verfügbar bis 28.02.2021",
    "Submit your letter to the editor via this form. Read more Letters to the Editor.",
    "Which of these would you pick? Let us know in the comments!",
    "Copyright: Gisele Wender",
])
def test_page_notices(text):
    assert classify(Block(text), PHRASES) == "boilerplate_phrase"


@pytest.mark.parametrize("text", [
    "The agency said its standards follow the Thomson Reuters Trust Principles, which it adopted in 2019.",
    "Teilen Sie dies mit Ihren Nachbarn, bat der Bürgermeister die Bewohner des Viertels am Abend.",
    "Die Videos sind in der Mediathek abrufbar, sagte der Sender, und bleiben bis Ende Mai online.",
    "In the comments under the mayor's post, residents argued for hours about the new bridge.",
])
def test_sentences_with_the_same_words_stay(text):
    assert classify(Block(text), PHRASES) is None


def test_a_colon_heading_of_box_words_closing_the_story_goes(config):
    out = strip_boilerplate(make_article(STORY, LATER, Block("Weitere Beiträge aus der Kolumne:", kind="heading"),
                                         Block("Wie Werte eine neue Unternehmenskultur formen", link_density=1.0),
                                         Block("Pulse Checks – Der Herzschlag der Transformation", link_density=1.0)),
                            config)
    assert texts(out) == [STORY, LATER]


def test_the_same_heading_over_the_storys_own_text_stays(config):
    art = make_article(STORY, Block("Weitere Beiträge aus der Kolumne:", kind="heading"), LATER)
    assert strip_boilerplate(art, config) == art


def test_a_linked_product_below_a_quantity_is_an_ingredient(config):
    ingredients = [Block("1 Pck."), Block("Dr. Oetker Vanillin-Zucker", link_density=1.0), Block("2"),
                   Block("Eier (Größe M)")]
    art = make_article(Block("Zutaten", kind="heading"), *ingredients, STORY)
    assert texts(strip_boilerplate(art, config)) == ["Zutaten", *(b.text for b in ingredients), STORY]


def test_a_run_of_teaser_links_below_a_number_still_goes(config):
    art = make_article(STORY, LATER, Block("2"), Block("Metro fares to stay the same in 2025", link_density=1.0),
                       Block("Wrestlers win three golds in Almaty", link_density=1.0))
    assert "Metro fares to stay the same in 2025" not in texts(strip_boilerplate(art, config))


@pytest.mark.parametrize("label", ["Von:", "Kontakt:", "Release Date:"])
def test_a_label_left_without_its_content_at_the_very_end_goes(config, label):
    out = strip_boilerplate(make_article(STORY, LATER, Block(label)), config)
    assert texts(out) == [STORY, LATER]


@pytest.mark.parametrize("tail", [
    [Block("Kontakt:"), Block("Press office of the akimat, +7 727 271 66 00")],  # the label has its content
    [Block("Update 14:30:")],  # a time, not a label
    [Block("The ministry answered with three questions of its own:")],  # a sentence
])
def test_a_last_line_with_its_content_or_of_a_sentence_stays(config, tail):
    art = make_article(STORY, LATER, *tail)
    assert strip_boilerplate(art, config) == art


def test_a_label_inside_the_story_stays(config):
    art = make_article(STORY, Block("Kontakt:"), LATER)
    assert strip_boilerplate(art, config) == art


BIO = ("Inga Buller ist Head of Social & Community bei CHIP. Wenn sie gerade nichts verkauft, testet sie gerne "
       "neue Haushalts-Gadgets wie Staubsaugerroboter oder smarte Fleisch-Thermometer.")


def test_a_note_about_the_writer_closing_the_page_goes(config):
    out = strip_boilerplate(make_article(STORY, LATER, BIO, authors=("Inga Buller",)), config)
    assert texts(out) == [STORY, LATER]
    assert [r.reason for r in out.removed] == ["author_bio"]


@pytest.mark.parametrize("blocks, authors", [
    ([STORY, BIO, LATER], ("Inga Buller",)),  # inside the story: the story's
    ([STORY, LATER, BIO], ()),  # no authors known: nobody to compare with
    ([STORY, LATER, BIO], ("Jonas Keller",)),  # someone else: a source's profile
    ([STORY, LATER, "Inga Buller sagte, die Geräte seien zu teuer, und verwies auf den Test vom Mai."],
     ("Inga Buller",)),  # the writer quoted, no verb of being
])
def test_a_paragraph_opening_with_a_name_stays(config, blocks, authors):
    art = make_article(*blocks, authors=authors)
    assert strip_boilerplate(art, config) == art
