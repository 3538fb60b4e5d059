"""Reader appeals after the story go; the same words inside it, or in a quotation, stay."""

import pytest
from helpers import make_article, texts

from cleaners.config import CleanerConfig
from cleaners.reader_appeals import appeal_shaped, site_box_label, site_refs
from cleaners.records import Block
from cleaners.strip_boilerplate import phrase_lists, strip_boilerplate

STORY = (
    "The regional court in Karaganda ruled on Tuesday that the factory must pay compensation to the "
    "families of the two workers who died in the fire, ending a case that had lasted four years."
)
BOX_WORDS = phrase_lists()["box_words"]

APPEALS = [
    "Subscribe now to our eNATION edition for the full story.",
    "Do you want to be informed of our actions? Sign up for our newsletter here.",
    "Mit unserem Newsletter erhalten Sie monatlich Informationen und eine Auswahl exklusiver Angebote!",
    "Lust auf mehr? Melde dich hier für unseren Newsletter an!",
    "We want to hear what you think about this article. Submit a letter to the editor.",
    "Puede escribirnos o suscribirse aquí a nuestra newsletter.",
    "Zapraszamy też do subskrypcji tygodnika.",
    "Подписывайтесь на наш телеграм-канал, чтобы не пропустить главное.",
    "Unterstützen Sie uns mit einer Spende, damit wir weiter unabhängig berichten können!",
    "Follow The Gleaner on Twitter and Instagram @JamaicaGleaner and on Facebook @GleanerJamaica. "
    "Send us a message on WhatsApp or email us.",
    "Folge uns auf Instagram und verpasse keine Geschichte mehr!",
    # the appeal a later sentence of its own
    "Want more sports news? Sign up for the Sports Omelette to get all our analysis on Denver’s teams.",
    "Politics.co.uk is the UK’s leading digital-only political website, providing comprehensive coverage of "
    "UK politics. Subscribe to our daily newsletter here.",
    "For all the latest news, visit the Belfast Live homepage here and sign up to our daily newsletter here.",
    "Click this link or scan the QR code to receive breaking news and top stories from Belfast Live. We also "
    "treat our community members to special offers, promotions, and adverts from us and our partners.",
    # four sentences in one block
    "Gefällt dir unser Klettermagazin? Bei der Lancierung haben wir entschieden, keine Bezahlschranke "
    "(Paywall) einzuführen. Das wird auch so bleiben, denn wir wollen, dass alle Zugang zu unseren Inhalten "
    "haben. Um zukünftig unabhängiger von Werbeeinnahmen zu sein und um dir noch mehr und noch bessere Inhalte "
    "zu liefern, brauchen wir deine Unterstützung.",
]

NOT_APPEALS = [
    "Our newspaper's subscribers fell by 10 per cent in 2023, the publisher said.",  # nobody spoken to
    "If you subscribe to the streaming service, you will pay two dollars more from May.",  # not the publication
    "Wir unterstützen Sie gerne bei der Antragstellung, sagte die Sprecherin des Amtes.",  # a service, no offer
    '"Subscribe to our newsletter," the mayor told residents, "and you will know first."',  # a quotation
    "Demokratie braucht Parteien, die transparent sind. Deshalb entscheidet bei uns die "
    "Mitgliederversammlung, und Sie können dabei sein.",  # a party's own text, membership is no offer here
    "Die Ausgaben der Stadt für unsere Schulen steigen, erklärte der Bürgermeister, Sie wissen das.",
    "Follow the council's decisions on Twitter, the mayor told residents at the meeting.",  # no publication
    "We spoke to him on Twitter, and you can read his answers below.",  # a network, but nobody told to follow
    "Our reporters spoke to subscribers of the service. Follow the link to the council's report.",  # no offer asked
    "We asked readers what they think of the plan. Read the letters to the editor on page 4.",  # no self there
    "We tested the speaker for a week. Scan the QR code on the box, and the app opens at once.",  # a product's code
    "To apply, visit the akimat's website before Friday, the department said.",  # no offer
]


@pytest.mark.parametrize("text", APPEALS, ids=lambda t: t[:30])
def test_appeal_shapes(text):
    assert appeal_shaped(text)


@pytest.mark.parametrize("text", NOT_APPEALS, ids=lambda t: t[:30])
def test_sentences_of_the_same_words_are_not_appeals(text):
    assert not appeal_shaped(text)


def test_appeals_after_the_story_are_removed_with_their_offer_line():
    article = make_article(STORY, STORY.replace("Tuesday", "Monday"), APPEALS[0],
                           "Sign up to get the best content of the week, and great deals.")
    out = strip_boilerplate(article, CleanerConfig())
    assert texts(out) == [STORY, STORY.replace("Tuesday", "Monday")]
    assert {(r.step, r.reason) for r in out.removed} == {("strip_boilerplate", "reader_appeal")}


def test_the_same_words_inside_the_story_stay():
    answer = "We have 10,000 subscribers to our newsletter now, you know, and we want more of them."
    article = make_article(STORY, answer, STORY.replace("Tuesday", "Monday"))
    assert texts(strip_boilerplate(article, CleanerConfig())) == [STORY, answer, STORY.replace("Tuesday", "Monday")]


def test_an_offer_heading_naming_the_site_goes_wherever_it_is():
    article = make_article(STORY, Block("News Example Newsletter", kind="heading"), STORY.replace("Tuesday", "Monday"))
    out = strip_boilerplate(article, CleanerConfig())
    assert "News Example Newsletter" not in texts(out)
    keep = make_article(STORY, Block("Newsletters and the law", kind="heading"), STORY.replace("Tuesday", "Monday"))
    assert len(strip_boilerplate(keep, CleanerConfig()).blocks) == 3


def test_site_refs_from_name_and_host():
    assert site_refs("FIT FOR FUN", "https://www.fitforfun.de/news/x") == ("fit for fun", "fitforfun")
    assert site_refs(None, "https://uepo.de/2020/04/26/x") == ("uepo",)
    assert site_refs(None, "https://www.bbc.co.uk/news/x") == ()  # three letters name too much


@pytest.mark.parametrize("text,expected", [
    ("Mehr zum Thema auf UEPO.de", True),
    ("Auch auf uepo.de", True),
    ("Mehr Geld für Pflegekräfte", False),  # names no site
    ("Mehr zum Thema auf Seite 3", False),  # another place, not the site
    ("Hochwasser in Sachsen auf UEPO.de", False),  # not a box's words
])
def test_box_headings_naming_the_site(text, expected):
    block = Block(text, kind="heading")
    assert site_box_label(block, BOX_WORDS, site_refs(None, "https://uepo.de/x")) is expected


def test_a_site_box_heading_at_the_end_goes_with_its_teasers():
    article = make_article(STORY, STORY.replace("Tuesday", "Monday"),
                           Block("Mehr zum Thema auf UEPO.de", kind="heading"),
                           Block("Neue Wörterbücher im Netz", link_density=1.0))
    article = article.replace(url="https://uepo.de/2020/04/26/x")
    out = strip_boilerplate(article, CleanerConfig())
    assert texts(out) == [STORY, STORY.replace("Tuesday", "Monday")]
    assert [(r.text, r.reason) for r in out.removed if r.reason == "trailing_box"] == \
        [("Mehr zum Thema auf UEPO.de", "trailing_box")]
