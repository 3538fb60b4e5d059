from helpers import make_article, texts

from cleaners.drop_duplicated_summaries import containment, drop_duplicated_summaries
from cleaners.records import Block
from cleaners.text import Vocabulary, content_words

TITLE = "Governorates in Kazakhstan to Witness New Departments"
LEAD = ("Regional child protection offices will be established in Kazakhstan's local governments, "
        "Children's Ombudsman Dinaara Zakiyeva announced on social media on Tuesday.")
BODY = [
    LEAD,
    "The departments have been in the works for close to a year, with the backing of the presidential "
    "administration and the committee on children's rights protection.",
    "In December the President signed amendments on education and child rights protection.",
    "Parents' groups welcomed the news but asked how the offices would be staffed.",
    "Social media users weighed in on the new approach.",
]


def item(text, group=1, ordered=False):
    return Block(text, kind="item", group=group, ordered=ordered)


def test_title_repeated_in_the_body_goes(config):
    out = drop_duplicated_summaries(make_article(BODY[0], Block(TITLE, kind="heading"), *BODY[1:], title=TITLE), config)
    assert texts(out) == BODY
    assert [r.reason for r in out.removed] == ["repeats_title"]


def test_the_lead_printed_twice_by_the_template_goes_and_the_first_stays(config):
    out = drop_duplicated_summaries(make_article(BODY[0], BODY[1], BODY[0], *BODY[2:]), config)
    assert texts(out) == BODY
    assert out.removed[0].reason == "duplicate"


def test_the_same_paragraph_under_each_sections_heading_stays(config):
    """Near the top, but a heading between: parallel structure, not the template's second lead.
    trafilatura keeps some headings as paragraphs: a short line without a full stop reads as one."""
    for heading in (Block("Single image", kind="heading"), Block("Single <img>")):
        body = [BODY[0], heading, BODY[0], BODY[1]]
        out = drop_duplicated_summaries(make_article(*body), config)
        assert texts(out) == [BODY[0], heading.text, BODY[0], BODY[1]] and not out.removed


def test_a_copy_far_from_its_original_stays(config):
    body = [*BODY[:4], BODY[1], BODY[4], "Officials said the first offices would open in Astana and Shymkent.",
            "The ombudsman will report on the reform to parliament at the end of the year."]
    out = drop_duplicated_summaries(make_article(*body), config)
    assert texts(out) == body


def test_closing_paragraph_restating_the_lead_goes(config):
    closing = ("Regional child protection units to be established in Kazakhstan's local governments, as per "
               "Children's Ombudsperson Dinara Zakieva's social media announcement.")
    out = drop_duplicated_summaries(make_article(*BODY, closing), config)
    assert texts(out) == BODY
    assert out.removed[0].reason == "restates_lead"


def test_recap_list_goes_as_a_block(config):
    quotes = [
        item('Voroobei: "If they focus on children\'s interests within akimats instead of just churning out '
             'reports, it\'ll be a game-changer for many."', group=1),
        item('Merkensky: "They\'re on the right track here; you can\'t just build orphanages and turn a blind '
             'eye. A child deserves someone to call their own."', group=1),
    ]
    recap = [
        item("In response to the announcement, Voroobei suggested that if child rights protection departments "
             "within akimats focus on children's interests instead of just producing reports, it could be "
             "transformative for many.", group=2, ordered=True),
        item("Merkensky supported the new approach, claiming that it's vital not to only build orphanages but "
             "also ensure a child has someone to call their own.", group=2, ordered=True),
    ]
    out = drop_duplicated_summaries(make_article(*BODY, *quotes, *recap), config)
    assert texts(out) == BODY + [q.text for q in quotes]
    assert [r.reason for r in out.removed] == ["recap_list", "recap_list"]


def test_containment_matches_names_up_to_one_edit():
    a = content_words("Zakieva announced, Dinara said")
    b = Vocabulary(content_words("Zakiyeva announces, Dinaara says"))
    assert containment(a, b) == 1.0
    assert containment(content_words("Zakirova"), b) == 0.0


# --- negative cases ------------------------------------------------------------------------------

def test_short_interview_answers_may_repeat(config):
    art = make_article(*BODY, "Did the ministry consult you?", "Yes.", "Was the budget approved?", "Yes.",
                       "Will it be enough?", "Yes.")
    assert drop_duplicated_summaries(art, config) == art


def test_a_chorus_quoted_twice_stays(config):
    chorus = "«Менің Қазақстаным, менің Қазақстаным, гүлің болып егілемін, жырың болып төгілемін»"
    art = make_article(*BODY, chorus, "The crowd sang it again at the end of the evening.", chorus)
    assert drop_duplicated_summaries(art, config) == art


def test_a_list_that_adds_information_stays(config):
    art = make_article(
        *BODY,
        "The new offices will have these duties:",
        item("Inspecting orphanages and boarding schools twice a year without notice."),
        item("Running a free hotline for children, staffed around the clock by trained psychologists."),
        item("Reporting every quarter to the regional maslikhat on cases of neglect and abuse."),
    )
    assert drop_duplicated_summaries(art, config) == art


def test_a_new_closing_paragraph_stays(config):
    art = make_article(*BODY, "The first offices are due to open in Shymkent and Aktobe in June, the ministry said.")
    assert drop_duplicated_summaries(art, config) == art


def test_different_numbers_are_different_facts(config):
    art = make_article(
        "The tenge closed almost unchanged at 448.6 per US dollar on the Kazakhstan Stock Exchange on Thursday.",
        "Official rates for Friday:",
        item("US dollar: 448.60 tenge (+0.12)"),
        item("euro: 489.15 tenge (-0.40)"),
    )
    assert drop_duplicated_summaries(art, config) == art


def test_a_closing_paragraph_announced_as_a_summary_needs_less_overlap(config):
    closing = ("In short, regional offices for child protection are coming to local governments, the ombudsman "
               "announced on Tuesday.")
    out = drop_duplicated_summaries(make_article(*BODY, closing), config)
    assert [r.reason for r in out.removed] == ["restates_lead"]


def test_a_marked_conclusion_that_adds_a_view_stays(config):
    closing = ("All in all, this was as hairy a deal as they come, with lawyers on three continents and "
               "a deadline nobody believed in.")
    art = make_article(*BODY, closing)
    assert drop_duplicated_summaries(art, config) == art


def _recap(group=9, ordered=True):
    return [
        item("In response to the announcement, Voroobei suggested that if child rights protection departments "
             "within akimats focus on children's interests instead of just producing reports, it could be "
             "transformative for many.", group=group, ordered=ordered),
        item("Merkensky supported the new approach, claiming that it's vital not to only build orphanages but "
             "also ensure a child has someone to call their own.", group=group, ordered=ordered),
    ]


QUOTES = [
    item('Voroobei: "If they focus on children\'s interests within akimats instead of just churning out '
         'reports, it\'ll be a game-changer for many."', group=1),
    item('Merkensky: "They\'re on the right track here; you can\'t just build orphanages and turn a blind '
         'eye. A child deserves someone to call their own."', group=1),
]


def test_a_recap_needs_to_be_numbered_and_at_the_end(config):
    bulleted = make_article(*BODY, *QUOTES, *_recap(ordered=False))
    assert drop_duplicated_summaries(bulleted, config) == bulleted
    in_the_middle = make_article(*BODY, *QUOTES, *_recap(), "The offices open in June in Shymkent, the ministry "
                                 "said.", "Each will employ five staff.", "Funding comes from local budgets.")
    assert drop_duplicated_summaries(in_the_middle, config) == in_the_middle


def test_a_long_numbered_list_is_not_a_recap(config):
    steps = [item(f"Step {n}: the inspector checks the children's rooms, records and menus of the orphanage "
                  f"within akimats again.", group=4, ordered=True) for n in range(1, 15)]
    art = make_article(*BODY, *QUOTES, *steps)
    assert drop_duplicated_summaries(art, config) == art


def test_code_and_quotes_may_repeat(config):
    code = Block("$ hg -R alice config --edit --local --verbose --debug", kind="code")
    art = make_article(*BODY, code, "Then run it again to check.", code)
    assert drop_duplicated_summaries(art, config) == art


def test_parallel_structure_is_content(config):
    """The same question to each interviewee, the same bullet under each product: repeated on purpose."""
    question = "What would you change first if you were the akimat of the city for one day?"
    body = [LEAD, question, "Aigerim, teacher: the school buses, which come late every winter morning.",
            question, "Yerlan, driver: the potholes on Tole Bi street, which break a wheel a week.",
            question, "Dana, student: the dormitories, where four of us share one small room."]
    out = drop_duplicated_summaries(make_article(*body), config)
    assert texts(out) == body and not out.removed


def test_a_paragraph_said_twice_in_a_row_goes(config):
    body = [*BODY[:3], BODY[3], BODY[3], BODY[4]]
    out = drop_duplicated_summaries(make_article(*body), config)
    assert texts(out) == BODY
    assert [r.reason for r in out.removed] == ["duplicate"]


def test_a_short_closing_takeaway_is_no_restatement(config):
    closing = "Regional child protection offices in local governments, announced Dinaara Zakiyeva."
    out = drop_duplicated_summaries(make_article(*BODY, closing), config)
    assert texts(out)[-1] == closing


def test_a_numbered_list_of_references_is_no_recap(config):
    refs = [item("Zakiyeva, D. Child rights protection offices will be established in local governments.",
                 group=3, ordered=True),
            item("The departments have been in the works with the backing of the presidential administration.",
                 group=3, ordered=True)]
    out = drop_duplicated_summaries(make_article(*BODY, Block("References", kind="heading"), *refs), config)
    assert texts(out)[-2:] == [r.text for r in refs]


def test_a_closing_paragraph_that_copies_earlier_text_word_for_word_is_no_summary(config):
    """A summary says it again in fewer or other words; a stretch copied word for word is the
    duplicate rule's to judge, and a far copy is kept."""
    closing = BODY[1]
    out = drop_duplicated_summaries(make_article(*BODY, closing), config)
    assert texts(out)[-1] == closing and not out.removed


def test_a_question_put_to_hundreds_of_respondents_is_not_compared_with_every_earlier_one(config, monkeypatch):
    """Past the top, only the nearest kept copy can be the original of an accidental copy: the
    work is linear in the copies (a farther one has a kept copy between it and the block)."""
    import cleaners.drop_duplicated_summaries as dsum

    calls = 0
    accidental = dsum._accidental

    def counted(*args):
        nonlocal calls
        calls += 1
        return accidental(*args)

    monkeypatch.setattr(dsum, "_accidental", counted)
    question = "What would you change first if you were the akimat of the city for one day?"
    body = [LEAD]
    for i in range(300):
        body += [question, f"Resident {i} answers that the buses in district {i} come late every winter morning."]
    out = drop_duplicated_summaries(make_article(*body), config)
    assert texts(out) == body and not out.removed  # parallel structure, all of it
    assert calls <= 300 + 2 * dsum.LEAD_BLOCKS
