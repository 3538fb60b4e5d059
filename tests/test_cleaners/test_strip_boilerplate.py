import pytest
from helpers import make_article, texts

from cleaners.records import Block, PageMeta
from cleaners.strip_boilerplate import classify, is_emoji_banner, phrase_lists, strip_boilerplate

PHRASES = phrase_lists()

POSITIVE = [
    (Block("Skip to content"), "boilerplate_phrase"),
    (Block("Share on Facebook"), "boilerplate_phrase"),
    (Block("Read also:"), "boilerplate_phrase"),
    (Block("Read also: Foster families to get more state support", link_density=0.8), "related_link_line"),
    (Block("Related: Improving conditions for children with disabilities"), "related_link_line"),
    (Block("Читайте также: Как изменились цены на бензин"), "related_link_line"),
    (Block("Сондай-ақ оқыңыз: Астанада жаңа мектеп ашылды"), "related_link_line"),
    (Block("[1] - Improving conditions for children with disabilities", link_density=1.0), "link_line"),
    (Block("We use cookies to improve your experience. By continuing to browse you agree."), "boilerplate_phrase"),
    (Block("Sign up for our newsletter and get the top stories every morning."), "boilerplate_phrase"),
    (Block("📣 Exciting News on the Horizon for Child Protection in Kazakhstan! 🌟"), "emoji_banner"),
    (Block("💭 Pause for Thought 💭", kind="heading"), "emoji_banner"),
    (Block("🔥 Breaking"), "emoji_banner"),
    (Block("🌟🌟🌟"), "emoji_banner"),
    (Block("* * *"), "separator"),
]


@pytest.mark.parametrize("block,reason", POSITIVE, ids=lambda x: getattr(x, "text", x)[:30])
def test_boilerplate_is_recognized(block, reason):
    assert classify(block, PHRASES) == reason


NEGATIVE = [
    Block("The ministry said it would share the findings with the committee next week."),
    Block("Children who read also learn to ask questions, the head teacher said."),
    Block('"We finally have a home," she wrote on Instagram. 🧡'),
    Block("🎉 The team won 3-1 on Sunday after two late goals from Serikbayev, the club's top scorer this season."),
    Block("Latest figures from the statistics bureau show inflation slowing to 9.8 per cent."),
    Block("Related reforms were adopted in 2019 and 2021, but few were carried out."),
    Block("The full report is available on the ministry's website.", link_density=0.3),
    Block("Read the statement in full on the akimat's website, where the list of schools is published.",
          link_density=0.9),
    Block("Ministry of Education", kind="item", group=1, link_density=1.0),
    Block("Share prices fell 3% on the Kazakhstan Stock Exchange."),
    Block("Подписчики канала обсуждают новость."),
    Block("print(x)", kind="code"),
]


@pytest.mark.parametrize("block", NEGATIVE, ids=lambda b: b.text[:30])
def test_content_is_kept(block):
    assert classify(block, PHRASES) is None


def test_banner_needs_to_be_led_by_emoji_and_short():
    assert is_emoji_banner("✨ New Rules for Schools ✨")
    assert not is_emoji_banner("New rules for schools ✨")  # ends with one: a sentence, not a banner
    assert not is_emoji_banner("📌 «Біз біргеміз» деп жазды ол.")  # a quotation


def test_related_box_heading_takes_its_link_list_along(config):
    art = make_article(
        "The akimat opened eleven schools this year, the governor said on Monday at a briefing.",
        Block("Read also:", kind="heading"),
        Block("Akimat reports new school openings", kind="item", group=7, link_density=1.0),
        Block("Foster families to get more state support", kind="item", group=7, link_density=1.0),
    )
    out = strip_boilerplate(art, config)
    assert texts(out) == ["The akimat opened eleven schools this year, the governor said on Monday at a briefing."]
    assert [r.reason for r in out.removed] == ["boilerplate_phrase", "related_link_list", "related_link_list"]


def test_a_list_of_links_that_is_content_stays(config):
    art = make_article(
        "The ministry published three documents:",
        Block("The draft law", kind="item", group=3, link_density=1.0),
        Block("The impact assessment", kind="item", group=3, link_density=1.0),
    )
    assert strip_boilerplate(art, config) == art


def test_site_specific_phrases_come_from_the_config():
    from cleaners.config import CleanerConfig

    config = CleanerConfig(extra_boilerplate_phrases=("Steppe Digest on Telegram",))
    kept = ["A real paragraph about the budget debate in parliament.",
            # the phrase inside a sentence, and a long paragraph after it, are content
            "Steppe Digest on Telegram now has 40,000 followers, the editor told the hearing.",
            "Steppe Digest on Telegram: " + "the channel was blocked for two days last week, " * 3 + "said its editor."]
    art = make_article("Steppe Digest on Telegram", kept[0], "Steppe Digest on Telegram — join 40,000 readers",
                       *kept[1:])
    out = strip_boilerplate(art, config)
    assert texts(out) == kept
    assert [r.reason for r in out.removed] == ["site_phrase", "site_phrase"]
    assert strip_boilerplate(art, CleanerConfig()) == art  # another site's config: nothing removed


BYLINES = ["By Helen Marsh", "Posted on 12 May 2024 by Helen Marsh", "26.04.2024 17:42 Author: Yerbol Nurlanov",
           "By Daniyar Omarov and Madina Abenova", "Авторы: Гүлнар Сәрсенова",
           "Tuesday 15 October 2019 by Bradley Kuhn"]
NOT_BYLINES = ["By the end of May the river had receded.", "Portrait by George Del Barrio",
               "Daring Fireball is written and produced by John Gruber.", "And its test suite, powered by Mocha:",
               "7) Call Me by Your Name"]


@pytest.mark.parametrize("text", BYLINES)
def test_bylines(text):
    assert classify(Block(text), PHRASES) == "byline"


@pytest.mark.parametrize("text", NOT_BYLINES)
def test_not_bylines(text):
    assert classify(Block(text), PHRASES) is None


@pytest.mark.parametrize("text,reason", [
    ("17.05.2024 | 14:30", "date_line"),
    ("Updated: May 2, 2024", "date_line"),
    ("14 марта 2024, 12:30", "date_line"),
    ("© 2024 Helen Marsh. Written by hand.", "boilerplate_phrase"),
    ("Views: 1843 | Print version | Send to a friend", "related_link_line"),
    ("If you found a mistake, select it and press Ctrl+Enter", "boilerplate_phrase"),
    ("ҚАЗ РУС USD 448,72 · EUR 487,10 · RUB 4,93", "ticker"),
    ("Tags: travel, kazakhstan, buses", "related_link_line"),
    ("Veröffentlicht am 16.08.2019", "date_line"),
    ("Publié le 03.03.2021", "date_line"),
    ("Schon gelesen?", "boilerplate_phrase"),
    ("Contenido relacionado", "boilerplate_phrase"),
    ("Lesen Sie auch: Neue Regeln für Mieter", "related_link_line"),
    ("Ten tekst przeczytasz w mniej niż minutę", "boilerplate_phrase"),
    ("To view the full story, please subscribe to The Haitian Times.", "boilerplate_phrase"),
    ("Guests cannot leave comments on this article.", "boilerplate_phrase"),
    ("Photo: Natacha Pisarenko/Pool via Reuters", "caption"),
    ("(Credit: Clayton Aldern / Grist)", "caption"),
    ("Фото: пресс-служба акимата", "caption"),
    ("Titelbild: Geyres Christophe/ABACA/picture-alliance", "caption"),
])
def test_lines_around_the_article(text, reason):
    assert classify(Block(text), PHRASES) == reason


@pytest.mark.parametrize("text", [
    "On 14 March 2024 the akimat opened eleven schools, the governor said.",
    "The tenge traded at USD 448.72 on Thursday, the exchange said.",
    "Views differ on whether the reform will work.",
    "The copyright holders objected to the ruling.",
    "Termin: 29.02.2020, 19 Uhr",  # a date with a label of its own is content
    "Einsendeschluss: 03.11.2019 (Poststempel)",
    "Opening night: 14 March 2024",
    "Teilen ist das neue Haben, sagt die Soziologin.",  # a sentence that starts with a phrase word
    "Die Kommentare der Leser waren überwiegend positiv.",
    "Lire aussi les Misérables, conseille le professeur à ses élèves de seconde année.",
    "Subscribers already asked for a refund, the company said.",
    "Photography is her passion, the mayor said.",  # caption labels are whole words before a colon
    "Bildung: Die Schulen öffnen am Montag wieder für alle Klassen.",
    "Source: Almaty city blood centre, annual report 2024",
])
def test_sentences_with_dates_prices_and_such_stay(text):
    assert classify(Block(text), PHRASES) is None


def test_header_lines_above_the_headline_go(config):
    title = "Petropavl residents begin returning home"
    art = make_article("North Kazakhstan Courier since 1998", "NEWS BY DATE", "Did your family suffer?",
                       Block(title, kind="heading"),
                       "Residents of the flooded districts began returning to their homes on Friday, officials said.",
                       title=title)
    out = strip_boilerplate(art, config)
    assert [r.reason for r in out.removed] == ["above_headline"] * 3


def test_a_long_lead_before_a_repeated_title_stays(config):
    title = "Governorates to witness new departments"
    lead = ("Regional child protection offices will be established in local governments, the ombudsman "
            "announced on Tuesday in a post that drew hundreds of comments.")
    art = make_article(lead, Block(title, kind="heading"), "More text follows here.", title=title)
    assert strip_boilerplate(art, config) == art


def test_the_comment_section_goes_from_its_heading(config):
    body = [f"Paragraph {i} of the story has enough words to be a real paragraph of news." for i in range(6)]
    art = make_article(*body, Block("2 comments", kind="heading"), "Dave W. said he loved it.", "Great read!")
    out = strip_boilerplate(art, config)
    assert texts(out) == body and {r.reason for r in out.removed} == {"comment_section"}


def test_a_response_heading_is_not_a_comment_section(config):
    body = [f"Paragraph {i} of the documentation has enough words to be a real paragraph." for i in range(6)]
    art = make_article(*body, Block("Response", kind="heading"), "The Response object has a status field.")
    assert strip_boilerplate(art, config) == art


STORY = ("The akimat said the new polyclinic in Alatau district will open next autumn and serve about "
         "200,000 residents who now queue for hours at the only clinic in the area.")


def test_a_box_of_other_stories_after_the_story_goes_with_its_label(config):
    art = make_article(STORY, STORY.replace("autumn", "spring"),
                       Block("Other stories", kind="heading"),
                       Block("Metro fares to stay the same in 2025", link_density=1.0),
                       Block("Wrestlers win three golds in Almaty", link_density=1.0))
    out = strip_boilerplate(art, config)
    assert texts(out) == [STORY, STORY.replace("autumn", "spring")]
    assert [r.reason for r in out.removed] == ["trailing_box", "link_line", "link_line"]


TEASER = Block("Metro fares to stay the same in 2025", link_density=1.0)
STANDFIRST = Block("The city council voted on Tuesday to freeze ticket prices for another year, citing the rising "
                   "cost of living for families in the outer districts.", link_density=1.0)


def test_a_box_of_latest_news_goes_with_its_standfirsts_and_section_names(config):
    """Infobae's shape: "Últimas Noticias", then headline and standfirst pairs, each one link,
    under the names of the sections they come from."""
    art = make_article(STORY, STORY.replace("autumn", "spring"), Block("Últimas Noticias", kind="heading"),
                       TEASER, STANDFIRST, Block("COLOMBIA", kind="heading"), TEASER, STANDFIRST)
    out = strip_boilerplate(art, config)
    assert texts(out) == [STORY, STORY.replace("autumn", "spring")]
    assert {r.reason for r in out.removed} <= {"trailing_box", "link_line"}


def test_a_box_label_taken_by_another_rule_still_labels_its_box(config):
    """"Latest news" is a boilerplate line of its own: its teasers below go with it all the same."""
    art = make_article(STORY, STORY.replace("autumn", "spring"), Block("Latest news", kind="heading"),
                       Block("CITY", kind="heading"), TEASER, STANDFIRST)
    out = strip_boilerplate(art, config)
    assert texts(out) == [STORY, STORY.replace("autumn", "spring")]
    assert [r.reason for r in out.removed] == ["boilerplate_phrase", "trailing_box", "link_line", "trailing_box"]


@pytest.mark.parametrize("tail,stays", [
    ([STANDFIRST], [STANDFIRST]),  # a linked paragraph closing the story, no box label above it
    ([Block("Más noticias", kind="heading"), Block("COLOMBIA", kind="heading"), STORY],  # prose below the label
     [Block("COLOMBIA"), Block(STORY)]),
    ([Block("Weitere Informationen:"), Block(" ".join([STANDFIRST.text] * 3), link_density=1.0)],  # too long
     [Block(" ".join([STANDFIRST.text] * 3))]),
    ([Block("Fazit", kind="heading"), STANDFIRST], [Block("Fazit"), STANDFIRST]),  # a section's heading
])
def test_linked_paragraphs_without_a_box_of_their_own_stay(config, tail, stays):
    kept = texts(strip_boilerplate(make_article(STORY, STORY.replace("autumn", "spring"), *tail), config))
    assert all(b.text in kept for b in stays)


def test_a_dangling_label_at_the_end_goes(config):
    out = strip_boilerplate(make_article(STORY, Block("Weitere Informationen:")), config)
    assert texts(out) == [STORY]


@pytest.mark.parametrize("tail", [
    [Block("Sources:", kind="p"), Block("https://stat.gov.kz/report-2024", link_density=1.0)],
    [Block("Contact", kind="heading"), Block("Press office of the akimat, +7 727 271 66 00")],
    [Block("Empfehlungen von Dennis:"), Block("Anki Cozmo", kind="item", link_density=1.0),
     Block("Nintendo Switch", kind="item", link_density=1.0)],
    [Block("The ministry published three documents:"), Block("The draft law", kind="item", link_density=1.0)],
    [Block("The shortlist", kind="heading"), Block("Milkman by Anna Burns", kind="item", link_density=1.0),
     Block("Washington Black by Esi Edugyan", kind="item", link_density=1.0)],
    [Block("Weblinks", kind="heading"), Block("Official site of the akimat", kind="item", link_density=1.0)],
])
def test_what_closes_a_story_of_its_own_stays(config, tail):
    art = make_article(STORY, *tail)
    assert texts(strip_boilerplate(art, config)) == [STORY, *(b.text for b in tail)]


def test_a_date_line_goes_only_when_it_says_the_articles_own_date(config):
    art = make_article(STORY, "Veröffentlicht am 16.08.2019", "Updated: May 2, 2024",
                       published="2024-05-02T10:00:00+05:00")
    assert texts(strip_boilerplate(art, config)) == [STORY, "Veröffentlicht am 16.08.2019"]


def test_a_last_modified_stamp_goes_whatever_its_day(config):
    art = make_article(STORY, "Veröffentlicht am 16.08.2019", "Letzte Änderung 14.02.2019", "Updated: May 9, 2024",
                       "Termin: 29.02.2020, 19 Uhr", published="2024-05-02T10:00:00+05:00")
    # the publication line of another day is news; the page's modification stamps are not
    kept = [STORY, "Veröffentlicht am 16.08.2019", "Termin: 29.02.2020, 19 Uhr"]
    assert texts(strip_boilerplate(art, config)) == kept


def test_a_top_stories_heading_naming_the_site_closes_a_box(config):
    art = make_article(STORY, STORY, Block("Top-Themen bei FIT FOR FUN", kind="heading"),
                       meta=PageMeta(site_name="FIT FOR FUN"))
    assert texts(strip_boilerplate(art, config)) == [STORY, STORY]


@pytest.mark.parametrize("line,authors,expected", [
    ("Von Jonas Keller", ("Jonas Keller",), True),
    ("Par Jeanne Martin et Luc Roy", ("Jeanne Martin", "Luc Roy"), True),
    ("Text und Fotos: Anna Berg", ("Anna Berg",), True),
    ("Von Bäumen und Menschen", (), False),  # no authors to compare: a heading
    ("Von Bäumen und Menschen", ("Anna Berg",), False),
    ("Jonas Keller sprach mit dem Bürgermeister", ("Jonas Keller",), False),  # a sentence about him
])
def test_a_line_naming_the_articles_authors_is_a_byline(line, authors, expected):
    from cleaners.strip_boilerplate import is_author_line
    assert is_author_line(Block(line), authors) is expected
