"""The offline pipeline on the ways news is written: short texts, each built to show one
convention the reader must follow, and the mistake it must not make."""

from __future__ import annotations

from summarise import NewsSummary
from summarise.schemas.news.offline import summarise_offline
from summarise.schemas.news.offline.mentions import find_mentions
from summarise.schemas.news.offline.nlp import load_pipeline


def claims_of(summary: NewsSummary) -> list[tuple[str, str]]:
    return [(c.speaker, c.statement) for c in summary.claims]


def sides_of(summary: NewsSummary) -> list[list[str]]:
    """Each contested point's actors, in the order of its positions."""
    return [[p.actor for p in point.positions] for point in summary.contested_points]


def test_a_closing_quotation_mark_on_its_own_line_is_not_a_claim() -> None:
    text = (
        'Kaoru Yosano said the economy was in a "very severe situation.\n'
        '"\n'
        "Exports fell for the third month in a row.\n"
    )
    claims = claims_of(summarise_offline(text))
    assert all(statement.strip('"“” ') for _, statement in claims), claims
    assert [speaker for speaker, _ in claims] == ["Kaoru Yosano"]


def test_a_short_quotation_after_a_claim_still_continues_it() -> None:
    text = (
        "Jane Doe, the union's leader, said the strike would go ahead on Monday.\n"
        '"We will not back down."\n'
    )
    claims = claims_of(summarise_offline(text))
    assert ("Jane Doe", "We will not back down.") in claims, claims


def speaker_of(text: str, words: str) -> str | None:
    """The speaker of the claim whose statement has ``words``."""
    summary = summarise_offline(text)
    found = [c.speaker for c in summary.claims if words in c.statement]
    assert len(found) <= 1, summary.claims
    return found[0] if found else None


def test_a_title_and_its_country_before_a_name_are_not_the_speaker() -> None:
    text = (
        'President of Ukraine Volodymyr Zelenskyy said, "We expect from Iran a full and '
        'open investigation."\n'
    )
    summary = summarise_offline(text)
    assert [c.speaker for c in summary.claims] == ["Volodymyr Zelenskyy"]
    assert "Volodymyr Zelenskyy" in {a.name for a in summary.actors}
    assert not [a for a in summary.actors if "President" in a.name or "Ukraine V" in a.name]


def test_the_person_named_beside_their_organisation_speaks_not_the_organisation() -> None:
    text = (
        "Following the announcement, the director of Argentina's Amnesty International, "
        'Mariela Belski, said the president had "heard the demands of women".\n'
    )
    summary = summarise_offline(text)
    assert [c.speaker for c in summary.claims] == ["Mariela Belski"]
    kinds = {a.name: a.kind for a in summary.actors}
    assert kinds.get("Amnesty International") != "person"


def test_an_organisations_officer_speaks_for_the_organisation() -> None:
    text = (
        "The Food and Agriculture Organization said the virus was spreading. The Food and "
        "Agriculture Organization's chief veterinary officer said the cull of pigs was "
        "completely unnecessary.\n"
    )
    assert speaker_of(text, "cull of pigs") == "Food and Agriculture Organization"


def test_a_thing_is_not_a_source() -> None:
    text = (
        "The park will stay closed. The website notes that it cannot open during the "
        "shutdown. Commentators have suggested that the closure may last for weeks.\n"
    )
    assert speaker_of(text, "cannot open") is None
    assert speaker_of(text, "may last for weeks") == "Commentators"


def test_a_speaker_named_after_the_quotation_is_the_he_that_follows() -> None:
    text = (
        "Police said the attack was planned.\n"
        '"We will use the full force of the law," said Delfin Lorenzana, the Defence '
        "Secretary; he described the attacks as a dastardly act and urged locals to "
        "assist the authorities.\n"
    )
    summary = summarise_offline(text)
    speakers = {c.speaker for c in summary.claims if c.speaker != "Police"}
    assert speakers == {"Delfin Lorenzana"}, summary.claims


def test_a_surname_alone_is_the_person_it_belongs_to() -> None:
    text = (
        "According to Chief Superintendent Graciano Mijares of the regional police, the "
        "confirmed deaths are fourteen civilians.\n"
        "Mijares further claimed 90 civilians were wounded.\n"
    )
    summary = summarise_offline(text)
    assert {c.speaker for c in summary.claims} == {"Graciano Mijares"}, summary.claims
    assert "Chief Superintendent" not in " ".join(a.name for a in summary.actors)


PAGE = (
    "Council approves 400 new homes for Riverside\n"
    "By Jane Smith\n"
    "\n"
    "The city council approved 400 new homes on Tuesday, Mayor Tom Reed said.\n"
    "Wounded residents receive treatment at the Riverside clinic\n"
    "Tom Reed and Ana Ortiz are pictured at the site\n"
    "READ MORE: Police say 3,000 people marched against the plan\n"
    "Ana Ortiz, who leads the residents' group, told reporters:\n"
    '"We will fight this in court."\n'
)


def test_the_page_around_the_story_is_not_the_story() -> None:
    summary = summarise_offline(PAGE)
    actors = {a.name for a in summary.actors}
    assert "Jane Smith" not in actors  # a byline
    assert not [a for a in actors if "residents" in a.lower()]  # a caption's group
    assert "Police" not in {a.title() for a in actors}  # a link to another story
    assert {"Tom Reed", "Ana Ortiz"} <= actors  # people a caption pictures are actors
    values = [f.value for f in summary.figures]
    assert 3000 not in values  # from the link
    assert values.count(400) == 1  # the headline restates the body's figure
    statements = " ".join(c.statement for c in summary.claims)
    assert "marched" not in statements
    assert "approves" not in statements  # the headline is not a claim of its own


def test_a_line_that_leads_into_a_quotation_is_story() -> None:
    summary = summarise_offline(PAGE)
    assert ("Ana Ortiz", "We will fight this in court.") in claims_of(summary)


def figures_of(text: str) -> set[tuple[float, str]]:
    return {(f.value, f.unit) for f in summarise_offline(text).figures}


def test_an_age_beside_a_name_is_a_figure_in_years() -> None:
    text = (
        "Emily Spanton, 39, told the court she had been attacked. Steve Jobs, aged 55, "
        "has taken medical leave.\n"
    )
    summary = summarise_offline(text)
    ages = {(f.value, f.unit, f.what) for f in summary.figures}
    assert (39, "years", "age of Spanton") in ages
    assert (55, "years", "age") in ages


def test_a_number_beside_a_name_that_is_no_age_is_not_one() -> None:
    # 150 is past any age; "2019" is a year.
    assert (150, "years") not in figures_of("Emily Spanton, 150, told the court.\n")
    assert not [u for _, u in figures_of("The ward, in 2019, was closed.\n") if u == "years"]


def test_times_and_race_times_are_not_figures() -> None:
    text = (
        "Brigid Kosgei won in 2:14:04. Eliud Kipchoge ran 1 hour 59 minutes 40.2 "
        "seconds. The race took 42 pacemakers.\n"
    )
    assert figures_of(text) == {(42, "pacemakers")}


def test_a_unit_written_after_the_number_is_the_whole_unit() -> None:
    text = "The planet is about 110 light-years from Earth.\n"
    assert figures_of(text) == {(110, "light-years")}


def test_a_qualifier_after_what_is_counted_qualifies_the_figure() -> None:
    def qualifiers(text: str) -> list[str]:
        return [f.qualifier for f in summarise_offline(text).figures]

    assert qualifiers("Officials said sixty-six people or more died in the fire.\n") == ["at_least"]
    assert qualifiers("Officials said 300 people or so attended.\n") == ["approximately"]
    assert qualifiers("Officials said 66 people died in the fire.\n") == ["exact"]


def test_more_ways_of_reporting_speech() -> None:
    text = (
        'Senator Lindsey Graham spoke on Fox News on Monday. He continued: "ISIS is '
        'not defeated and saying so is a lie."\n'
        "Governor Kay Ivey remarked that the bill was a powerful testament.\n"
        "Professor Wendy Parmet said the name mattered and went on to say that place "
        "names stigmatise people.\n"
    )
    claims = claims_of(summarise_offline(text))
    speakers = {speaker for speaker, _ in claims}
    assert speakers == {"Lindsey Graham", "Kay Ivey", "Wendy Parmet"}, claims
    assert any("place names stigmatise" in s for _, s in claims), claims


def test_a_verb_that_needs_content_without_it_attributes_nothing() -> None:
    text = "The delegates concluded the talks on Friday. The chairman continued the meeting.\n"
    assert claims_of(summarise_offline(text)) == []


def test_products_laws_and_diseases_are_not_actors() -> None:
    text = (
        "Apple Inc. said the iPhone and the iPod sold well. Governor Kay Ivey signed the "
        "Alabama Human Life Protection Act on Wednesday. The World Health Organization "
        "said Middle East Respiratory Syndrome spread in 2012.\n"
    )
    actors = {a.name for a in summarise_offline(text).actors}
    assert {"Apple Inc.", "Kay Ivey", "World Health Organization"} <= actors
    assert not actors & {"iPhone", "iPod", "Alabama Human Life Protection Act"}
    assert not [a for a in actors if "Syndrome" in a]


def test_a_stock_market_index_is_not_an_actor() -> None:
    text = (
        "Markets rallied on Thursday. The Dow Jones surged nearly 200 points, the UK's "
        "FTSE 100 was up 25 points and the Hang Seng bottomed out at 16,283. Goldman Sachs "
        "gained 5 percent, and the Federal Reserve said it would lend more.\n"
    )
    actors = {a.name for a in summarise_offline(text).actors}
    assert {"Goldman Sachs", "Federal Reserve"} <= actors
    assert not actors & {"Dow Jones", "FTSE", "FTSE 100", "Hang Seng"}


def test_a_state_and_its_formal_name_are_one_actor_by_the_short_name() -> None:
    text = (
        "The Islamic Republic of Iran rejected the report on Monday. Iran said the report "
        "was false. The University of Tehran said nothing.\n"
    )
    actors = {a.name: a.aliases for a in summarise_offline(text).actors}
    assert actors["Iran"] == ["Islamic Republic of Iran"]
    assert "Islamic Republic of Iran" not in actors


def test_a_spokesperson_for_an_unnamed_body_gives_the_body_as_speaker() -> None:
    text = "A spokesperson for the Israeli foreign ministry said the visit was an obscene step.\n"
    summary = summarise_offline(text)
    assert [c.speaker for c in summary.claims] == ["Israeli foreign ministry"]
    assert [a.kind for a in summary.actors if a.name == "Israeli foreign ministry"] == [
        "organisation"
    ]


def test_a_place_owning_something_is_not_acting() -> None:
    text = (
        "Japan's economy shrank for a second quarter, Economy Minister Kaoru Yosano said.\n"
        "Japan then cut interest rates.\n"
    )
    owning = {a.name for a in summarise_offline(text.splitlines()[0]).actors}
    assert "Japan" not in owning
    assert "Kaoru Yosano" in owning
    # The same country acting as a subject is an actor.
    assert "Japan" in {a.name for a in summarise_offline(text).actors}


def test_a_possessive_place_is_not_part_of_the_organisation_after_it() -> None:
    text = (
        "The United States' National Basketball Association (NBA) suspended its season. "
        "The NBA said a player had tested positive.\n"
    )
    actors = {a.name: a.aliases for a in summarise_offline(text).actors}
    assert actors.get("National Basketball Association") == ["NBA"]
    assert not [n for n in actors if n.startswith("United States'")]


def test_a_quotation_floating_before_its_speaker_is_what_was_said() -> None:
    text = (
        '"Our house is burning. It is an international crisis!" Emmanuel Macron told the '
        "world on Thursday via Twitter.\n"
    )
    claims = claims_of(summarise_offline(text))
    assert claims == [("Emmanuel Macron", "Our house is burning. It is an international crisis!")]


def test_a_quoted_word_is_not_the_statement() -> None:
    text = 'Nicole Towarek described extensive tire marks and "insane" heat.\n'
    assert speaker_of(text, "tire marks") == "Nicole Towarek"


def test_the_person_named_in_apposition_speaks() -> None:
    text = (
        "Another eyewitness, Nicole Towarek, said the heat was unbearable.\n"
        "African Export-Import Bank president Okey Oramah said the currencies cost "
        "Africa billions.\n"
        "Niger's president Mahamadou Issoufou said Nigeria was the biggest economy.\n"
    )
    speakers = [c.speaker for c in summarise_offline(text).claims]
    assert speakers == ["Nicole Towarek", "Okey Oramah", "Mahamadou Issoufou"]


def test_a_dispute_with_more_sides_than_a_point_holds_is_still_one_point() -> None:
    """Five answer one claim: the first point holds four sides, and the pairs left over
    start from the same claim, so they would ask the same question again."""
    text = (
        "Hamas said the strike killed 500 people. Israel condemned the claim. Fatah rejected "
        "the claim. Egypt condemned the claim. Jordan condemned the strike report. Iran "
        "condemned the strike claim.\n"
    )
    summary = summarise_offline(text)
    assert len(summary.claims) == 6
    (point,) = summary.contested_points
    assert point.issue == "Whether the strike killed 500 people"
    assert len(point.positions) == 4


def test_a_street_number_is_not_a_figure() -> None:
    assert figures_of("The fire at 25 Baker Street killed 3 people.\n") == {(3, "deaths")}
    assert figures_of("The office at 350 Fifth Avenue employs 200 people.\n") == {(200, "people")}
    assert figures_of("Protesters gathered outside 10 Downing Street on Monday.\n") == set()
    assert figures_of("He owns 40 Main Street shops.\n") == {(40, "shops")}


def test_posting_a_time_or_responding_by_acting_is_not_a_claim() -> None:
    text = (
        "The winner of the men's race, Lawrence Cherono, posted a time of two hours. "
        "Some protesters responded by throwing stones. Governor Mujiv Hataman agreed.\n"
    )
    assert claims_of(summarise_offline(text)) == []
    quoted = 'Governor Mujiv Hataman responded: "We will rebuild the cathedral."\n'
    assert claims_of(summarise_offline(quoted)) == [
        ("Mujiv Hataman", "We will rebuild the cathedral")
    ]


def test_a_common_word_capitalised_at_a_start_is_not_a_name() -> None:
    text = (
        "The guardrail failed, Troy Roberts said on Monday. He said "
        '"Guardrails can only take so much."\n'
    )
    actors = {a.name for a in summarise_offline(text).actors}
    assert "Guardrails" not in actors
    assert "Troy Roberts" in actors
    # A name that starts a sentence, and is never written in lower case, stays a name.
    text = "Hamas said the talks were useful. Israel rejected the talks.\n"
    assert {"Hamas", "Israel"} <= {a.name for a in summarise_offline(text).actors}


def test_an_attribution_set_off_by_commas_attributes_the_sentence_around_it() -> None:
    text = (
        "The guardrail would be examined, Troy Roberts said, to determine if it had "
        "performed as designed.\n"
        "The accident sequence began, Florida Highway Patrol described, in the northbound "
        "lanes of Interstate 75.\n"
    )
    claims = claims_of(summarise_offline(text))
    assert (
        "Troy Roberts",
        "The guardrail would be examined to determine if it had performed as designed.",
    ) in claims
    assert (
        "Florida Highway Patrol",
        "The accident sequence began in the northbound lanes of Interstate 75.",
    ) in claims
    assert not [s for _, s in claims if s.endswith(("said", "described"))]


def test_a_reaction_set_right_after_a_claim_disputes_it_in_words_of_its_own() -> None:
    said = "Police spokeswoman Yolanda Yu said the officer's life was seriously threatened. "
    reaction = "Amnesty International condemned the shooting as reckless.\n"
    (point,) = summarise_offline(said + reaction).contested_points
    assert [p.actor for p in point.positions] == ["Yolanda Yu", "Amnesty International"]
    # One claim between them still reacts; two, with no words in common, do not.
    one_between = "Amnesty International said its Lyon office opened on Monday. "
    between = one_between + "Amnesty International added that donations rose in May. "
    assert summarise_offline(said + one_between + reaction).contested_points
    two_between = summarise_offline(said + between + reaction)
    assert len(two_between.claims) == 4
    assert two_between.contested_points == []


def test_a_warning_foretells_a_harm_and_takes_no_side() -> None:
    warned = "Chrysler warned that it might run out of money by March if no aid was given. "
    answer = "Ford said that it can make it through this year without any government aid.\n"
    summary = summarise_offline(warned + answer)
    assert [speaker for speaker, _ in claims_of(summary)] == ["Chrysler", "Ford"]
    assert summary.contested_points == []
    # Rejecting what another said is a side, where warning is not.
    rejected = "Chrysler rejected the claim that it might run out of money by March. "
    assert sides_of(summarise_offline(rejected + answer)) == [["Chrysler", "Ford"]]


def test_refusing_or_suing_takes_a_stance_against() -> None:
    text = (
        "Republican Party leaders insisted that the United Auto Workers union agree to "
        "deeper wage cuts. The UAW refused to meet the demands.\n"
    )
    summary = summarise_offline(text)
    assert ("United Auto Workers", "The UAW refused to meet the demands") in claims_of(summary)
    sides = [{p.actor for p in point.positions} for point in summary.contested_points]
    assert {"Republican Party", "United Auto Workers"} in sides
    # Refusing nothing by name is no stance: "refused" needs what is refused.
    assert claims_of(summarise_offline("The UAW refused.\n")) == []
    assert claims_of(summarise_offline("The UAW refused the offer.\n")) == [
        ("UAW", "The UAW refused the offer")
    ]


def test_disagreeing_with_what_another_said_takes_a_side_against_it() -> None:
    text = (
        "Bob Hughes told reporters that benefit payments fed a spike in overdose deaths. "
        "Clinic manager Michaela Jyrkkanen disagreed with the link between the overdoses "
        "and the payments.\n"
    )
    summary = summarise_offline(text)
    said = [s for speaker, s in claims_of(summary) if speaker == "Michaela Jyrkkanen"]
    assert said == [
        "Clinic manager Michaela Jyrkkanen disagreed with the link between the overdoses "
        "and the payments"
    ]
    sides = sides_of(summary)
    assert sides == [["Bob Hughes", "Michaela Jyrkkanen"]]
    # Disagreeing with nothing the sentence names is no claim.
    assert claims_of(summarise_offline("Michaela Jyrkkanen disagreed.\n")) == []


def test_a_relative_whose_subject_is_no_speaker_and_a_long_object_is_no_cue() -> None:
    text = (
        "The party, whose members challenged Obama's citizenship, met on Monday. President "
        "Trump sued District Attorney Cyrus R. Vance, Jr. and his tax preparer Mazars USA "
        "to block the subpoena.\n"
    )
    claims = summarise_offline(text).claims
    assert not [c for c in claims if "whose" in c.speaker.lower()]
    assert [c.cue for c in claims if c.speaker == "Trump"] == ["sued"]


def test_what_went_wrong_is_news_not_a_stance_against() -> None:
    """A failure or a loss in a claim is what happened; blame or disgust is a side."""
    police = "Police said the aircraft failed to stop on the runway. "
    wet = summarise_offline(police + "Airport officials said the runway was wet.\n")
    assert len(wet.claims) == 2
    assert wet.contested_points == []
    judged = summarise_offline(police + "Airport officials said the delay was unacceptable.\n")
    sides = sides_of(judged)
    assert sides == [["Police", "Airport officials"]]


def test_when_and_where_in_front_of_a_stance_are_not_what_was_claimed() -> None:
    text = (
        "On Wednesday, during the opening ceremony of the pipeline, President Erdogan called "
        "for regional cooperation. In a press release issued the next day, the Turkish "
        "Foreign Ministry denounced the conclusions of the summit.\n"
    )
    claims = summarise_offline(text).claims
    assert [(c.cue, c.statement) for c in claims] == [
        ("called for", "President Erdogan called for regional cooperation"),
        ("denounced", "The Turkish Foreign Ministry denounced the conclusions of the summit"),
    ]


def test_according_to_a_role_set_beside_a_name_is_the_named_person() -> None:
    named = summarise_offline(
        "According to the El Paso mayor, Dee Margo, during the weekend, police were "
        "investigating a manifesto.\n"
    )
    assert claims_of(named) == [
        ("Dee Margo", "During the weekend, police were investigating a manifesto.")
    ]
    assert "El Paso" not in [a.name for a in named.actors if a.role == "quoted source"]
    # A name with no comma after it is what the source said; a name beside a source that
    # is no role is the subject of what it said.
    assert claims_of(summarise_offline("According to the mayor, John Smith was arrested.\n")) == [
        ("mayor", "John Smith was arrested.")
    ]
    assert claims_of(summarise_offline("According to police, Jim Bob, 45, was arrested.\n")) == [
        ("police", "Jim Bob, 45, was arrested.")
    ]


def test_a_side_that_calls_the_other_baseless_or_unjustified_is_against_it() -> None:
    police = "Police said the officers fired in self-defence. "
    for reply in (
        "Human Rights Watch said the shooting was unjustified.\n",
        "Human Rights Watch said the officers used excessive force.\n",
        "Human Rights Watch said the police account was baseless.\n",
    ):
        assert sides_of(summarise_offline(police + reply)) == [["Police", "Human Rights Watch"]], (
            reply
        )
    calm = summarise_offline(police + "Human Rights Watch said it was reviewing the case.\n")
    assert len(calm.claims) == 2
    assert calm.contested_points == []


def test_the_opposition_and_the_defence_speak_as_sides() -> None:
    text = (
        "The government said the election was free and fair. The opposition said the vote "
        "was rigged.\n"
    )
    summary = summarise_offline(text)
    assert ("opposition", "The vote was rigged") in claims_of(summary)
    assert sides_of(summary) == [["government", "opposition"]]
    trial = summarise_offline("The defence said the charges were baseless.\n")
    assert claims_of(trial) == [("defence", "The charges were baseless")]
    # Not a speaker where it is no body of people.
    assert summarise_offline("Crowds gathered in defence of the mayor.\n").actors == []


def test_an_accusation_and_its_denial_are_two_sides_though_both_are_against() -> None:
    for text, sides in (
        (
            "The United States accused Iran of attacking the tankers. Iran denied the "
            "accusation.\n",
            ["United States", "Iran"],
        ),
        (
            "Prosecutors accused Smith of fraud. Smith denied the charges.\n",
            ["Prosecutors", "Smith"],
        ),
    ):
        assert sides_of(summarise_offline(text)) == [sides], text
    # Two sides against one thing are not against each other.
    both = summarise_offline("Hamas condemned the strike. Egypt condemned the attack.\n")
    assert len(both.claims) == 2
    assert both.contested_points == []


def test_a_judging_word_counts_in_the_form_it_is_written() -> None:
    """ "disappointed" is listed as written; tagged a participle, its lemma is
    "disappoint", which is not."""
    said = "Prime Minister Adil Abdul-Mahdi said the troops should leave Iraq. "
    judged = summarise_offline(
        said + "Morgan Ortagus said the United States was disappointed by the decision.\n"
    )
    sides = sides_of(judged)
    assert sides == [["Adil Abdul-Mahdi", "Morgan Ortagus"]]
    plain = summarise_offline(
        said + "Morgan Ortagus said the United States was surprised by the decision.\n"
    )
    assert len(plain.claims) == 2
    assert plain.contested_points == []


def test_a_participle_with_a_clause_says_more_in_the_subjects_words() -> None:
    text = (
        "Alan Mulally said the year was pivotal, adding that "
        '"global economic conditions are reviving but remain fragile."\n'
        "Boeing protested the award, claiming the evaluation was skewed towards Northrop.\n"
    )
    claims = claims_of(summarise_offline(text))
    assert ("Alan Mulally", "The year was pivotal") in claims
    assert ("Alan Mulally", "Global economic conditions are reviving but remain fragile") in claims
    assert ("Boeing", "The evaluation was skewed towards Northrop") in claims
    # A participle with nothing said, or with a subject of its own, says nothing.
    quiet = (
        "Jane Roe walked home on Monday, saying nothing to the crowd. Jane Roe left the "
        "court, the judge saying that the case was closed. The talks ended on Monday, with "
        "some saying that more work was needed.\n"
    )
    assert claims_of(summarise_offline(quiet)) == []


def test_a_forecast_is_a_claim_and_most_of_a_group_is_the_group() -> None:
    text = (
        "The results surprised most analysts, who had forecast that the company would lose "
        "money. Other companies also reported that sales rose.\n"
    )
    claims = claims_of(summarise_offline(text))
    assert ("analysts", "The company would lose money") in claims
    assert ("Other companies", "Sales rose") in claims  # "other" says which, not how many
    assert not [speaker for speaker, _ in claims if speaker.startswith("most")]


def test_a_disputes_issue_keeps_a_names_capital_and_drops_the_sentences() -> None:
    answer = " Israel rejected the claim.\n"
    named = summarise_offline("Hamas said Putin is a friend of Gaza." + answer)
    assert [p.issue for p in named.contested_points] == ["Whether Putin is a friend of Gaza"]
    plain = summarise_offline("Hamas said the talks have failed." + answer)
    assert [p.issue for p in plain.contested_points] == ["Whether the talks have failed"]


def test_a_hedged_claim_nobody_answers_is_no_dispute() -> None:
    """ "Hamas claims ..." marks a claim as one side's; a dispute needs the other side."""
    hedged = summarise_offline("Hamas claims the strike killed 500 people.\n")
    assert [c.speaker for c in hedged.claims] == ["Hamas"]
    assert hedged.contested_points == []


def test_a_quotation_of_several_sentences_after_its_attribution_is_one_claim() -> None:
    text = (
        "Brett McGurk, a former envoy, criticized the decision on Twitter. "
        '"The statement shows a complete lack of understanding. Officials say the detainees '
        'are all held by the Kurds." Officials said nothing more.\n'
    )
    claims = claims_of(summarise_offline(text))
    whole = (
        "The statement shows a complete lack of understanding. "
        "Officials say the detainees are all held by the Kurds."
    )
    assert ("Brett McGurk", whole) in claims, claims
    # Its second sentence is part of it, not a claim of its own, whatever verb it has.
    assert [s for _, s in claims if "detainees" in s] == [whole]


def test_a_quotation_closing_on_a_comma_belongs_to_who_follows_it() -> None:
    text = (
        "Jane Doe said the strike would go ahead.\n"
        '"This is a big problem. It is a bad one," John Smith said.\n'
    )
    claims = claims_of(summarise_offline(text))
    assert ("John Smith", "This is a big problem. It is a bad one") in claims, claims
    assert [s for speaker, s in claims if speaker == "Jane Doe" and "problem" in s] == []


def test_what_is_said_in_a_quotation_is_all_of_it_not_its_last_sentence() -> None:
    text = '"Prices will rise. Wages will not," Maria Lopez said on Monday.\n'
    assert claims_of(summarise_offline(text)) == [
        ("Maria Lopez", "Prices will rise. Wages will not")
    ]
    # A quoted phrase inside what was said does not stand for all of it.
    inner = 'Maria Lopez said the figure, which "nobody believes", is wrong.\n'
    assert claims_of(summarise_offline(inner)) == [
        ("Maria Lopez", 'The figure, which "nobody believes", is wrong')
    ]


def test_a_stance_names_its_speaker_not_a_long_subject() -> None:
    text = (
        "Brett McGurk, who was the envoy to the coalition until December, criticized the "
        "decision. He also defended the Kurds.\n"
    )
    claims = claims_of(summarise_offline(text))
    assert ("Brett McGurk", "Brett McGurk criticized the decision") in claims, claims
    assert ("Brett McGurk", "Brett McGurk also defended the Kurds") in claims, claims
    assert not [s for _, s in claims if "envoy" in s or s.startswith("He ")]
    # A subject that only names stays as the article wrote it.
    plain = claims_of(summarise_offline("The UAW refused the offer.\n"))
    assert plain == [("UAW", "The UAW refused the offer")]


def test_an_apposition_names_the_speaker_a_pronoun_stands_for() -> None:
    text = (
        "One of these groups, the Syrian Democratic Forces, said it had been given "
        "assurances by the United States.\n"
    )
    assert speaker_of(text, "assurances") == "Syrian Democratic Forces"
    # Without a name beside it, "one" is nobody.
    assert speaker_of("One of these groups said it had been given assurances.\n", "assur") is None


def test_speaking_into_a_quotation_is_a_claim_and_speaking_with_someone_is_not() -> None:
    text = 'Senator Lindsey Graham spoke on Fox News, "This is going to lead to a disaster."\n'
    assert claims_of(summarise_offline(text)) == [
        ("Lindsey Graham", "This is going to lead to a disaster")
    ]
    assert claims_of(summarise_offline("Donald Trump spoke with Recep Erdogan on Sunday.\n")) == []


def test_a_statement_is_one_line_however_the_quotation_ran() -> None:
    text = 'Harry Reid said: "I dread Wall Street tomorrow.\nIt is not going to be pretty."\n'
    statements = [s for _, s in claims_of(summarise_offline(text))]
    assert statements == ["I dread Wall Street tomorrow. It is not going to be pretty."]


def test_sources_giving_tolls_far_apart_dispute_how_many_were_killed() -> None:
    text = (
        "Abdurrahman Mangal, the governor's spokesman, said the attack had killed twelve. "
        "Taliban spokesman Zabiullah Mujahid said the attack had killed 190.\n"
    )
    points = summarise_offline(text).contested_points
    assert [(p.issue, [s.actor for s in p.positions]) for p in points] == [
        ("How many people were killed", ["Abdurrahman Mangal", "Zabiullah Mujahid"])
    ]
    died = (
        "Abdurrahman Mangal said 12 people died in the attack. Zabiullah Mujahid said 190 "
        "people died in the attack.\n"
    )
    assert [p.issue for p in summarise_offline(died).contested_points] == [
        "How many people were killed"
    ]
    # Half as many again is still one count, rounded or updated; not a dispute.
    close = text.replace("190", "17")
    assert summarise_offline(close).contested_points == []
    assert len(summarise_offline(text.replace("190", "18")).contested_points) == 1
    # Nor one source giving two tolls, nor tallies of deaths over a year.
    one_source = "Mangal said the attack killed twelve. Mangal said the attack killed 190.\n"
    assert summarise_offline(one_source).contested_points == []
    tallies = (
        "Health Canada said there were 15,393 deaths in Canada from 2016. Lisa Lapointe "
        "said there were 170 deaths in May.\n"
    )
    assert {f.according_to for f in summarise_offline(tallies).figures} == {
        "Health Canada",
        "Lisa Lapointe",
    }
    assert summarise_offline(tallies).contested_points == []


def test_a_sources_position_on_a_toll_is_the_claim_that_gives_it() -> None:
    text = (
        "Abdurrahman Mangal said the governor was in Kabul. Mangal said the attack had "
        "killed twelve. Zabiullah Mujahid said the attack had killed 190.\n"
    )
    (point,) = summarise_offline(text).contested_points
    assert [p.evidence[0].quote for p in point.positions] == [
        "Mangal said the attack had killed twelve.",
        "Zabiullah Mujahid said the attack had killed 190.",
    ]


def test_a_participle_of_blame_around_a_claim_is_its_speakers_stance() -> None:
    said = "The Houthi movement said it carried out the attacks on the oil plants.\n"
    blaming = (
        "Mike Pompeo posted a message blaming Iran for the attacks, saying there was "
        '"no evidence the attacks came from Yemen."\n'
    )
    assert sides_of(summarise_offline(said + blaming)) == [["Houthi", "Mike Pompeo"]]
    # Without the blame, the two reports do not dispute each other.
    plain = blaming.replace(" blaming Iran for the attacks,", ",")
    assert summarise_offline(said + plain).contested_points == []
    # Nor does another's blame, or blame the speaker suffers.
    others = blaming.replace("a message blaming", "a message, with critics blaming")
    assert summarise_offline(said + others).contested_points == []
    blamed = "Mike Pompeo, blamed by critics, said the attacks came from the north.\n"
    assert summarise_offline(said + blamed).contested_points == []
    # A participle inside what was said is the words of the claim, read as words are.
    within = "Mike Pompeo said it was too early to start questioning anyone on the attacks.\n"
    assert summarise_offline(said + within).contested_points == []


def test_a_place_closing_a_name_is_not_the_speaker() -> None:
    text = (
        "Jo Anne Van Tilburg of the University of California, Los Angeles disagreed with "
        "the findings.\n"
    )
    assert speaker_of(text, "findings") == "Jo Anne Van Tilburg"
    # A place that is the subject on its own still speaks for itself.
    assert speaker_of("Washington rejected the findings.\n", "findings") == "Washington"


def test_a_quotation_a_colon_opens_after_a_stance_is_what_was_claimed() -> None:
    quoted = (
        "Carl Lipo published the study on Monday. Jo Anne Van Tilburg disagreed with the "
        'findings: "Such seeps were minor resources."\n'
    )
    assert ("Jo Anne Van Tilburg", "Such seeps were minor resources.") in claims_of(
        summarise_offline(quoted)
    )
    plain = "Carl Lipo published the study. Jo Anne Van Tilburg disagreed with the findings.\n"
    statements = [s for _, s in claims_of(summarise_offline(plain))]
    assert statements == ["Jo Anne Van Tilburg disagreed with the findings"], statements


def test_a_title_with_its_adjective_refers_to_the_person_who_holds_it() -> None:
    text = (
        "Mexican Foreign Secretary Marcelo Ebrard met officials in Washington on Monday. "
        "The foreign minister said the talks were productive.\n"
    )
    assert speaker_of(text, "productive") == "Marcelo Ebrard"
    assert "foreign minister" not in {a.name.lower() for a in summarise_offline(text).actors}


def test_a_bare_title_far_from_anyone_named_is_no_one_named() -> None:
    # Two sentences back, a title still refers to whoever was named last; further back
    # ("Talia Ormond" is named three sentences earlier), it is a source of its own.
    near = (
        "Talia Ormond opened the clinic. It treats children. "
        "The prime minister said the outbreak was over.\n"
    )
    assert speaker_of(near, "outbreak") == "Talia Ormond"
    far = (
        "Talia Ormond opened the clinic. It treats children. The campaign ended in May. "
        "The prime minister said the outbreak was over.\n"
    )
    assert speaker_of(far, "outbreak") == "prime minister"
    assert "Talia Ormond" not in {c.speaker for c in summarise_offline(far).claims}


def test_the_prime_minister_is_the_one_titled_so_not_the_deputy_named_after() -> None:
    text = (
        "Prime Minister Igor Matovic said he had tested positive. After Deputy Prime "
        "Minister Richard Sulik failed to buy enough tests, the Prime Minister apologised "
        'to the country for "having an idiot as economy minister."\n'
    )
    assert speaker_of(text, "apologised") == "Igor Matovic"


def test_a_title_with_a_name_after_it_is_that_person_not_a_reference_back() -> None:
    text = (
        "Sales at General Motors fell. "
        '"The market is starting to show small signs of life," said the vice president and '
        "chairman of Chrysler LLC Jim Press.\n"
    )
    assert speaker_of(text, "small signs") == "Jim Press"


def test_deeming_pleading_encouraging_and_apologising_take_stances() -> None:
    text = (
        "Egypt deemed the agreement illegal. Michael Avenatti pled not guilty to the "
        "charges. Hatice Cengiz encouraged the United Nations to investigate. Igor Matovic "
        "apologised for the remark. Greg Abbott characterized the shooting as terrorism. "
        "Turkey did not deem the agreement illegal.\n"
    )
    assert claims_of(summarise_offline(text)) == [
        ("Egypt", "Egypt deemed the agreement illegal"),
        ("Michael Avenatti", "Michael Avenatti pled not guilty to the charges"),
        ("Hatice Cengiz", "Hatice Cengiz encouraged the United Nations to investigate"),
        ("Igor Matovic", "Igor Matovic apologised for the remark"),
        ("Greg Abbott", "Greg Abbott characterized the shooting as terrorism"),
    ]


def test_a_disputes_issue_is_worded_from_the_side_that_reads_as_a_question() -> None:
    first_person = (
        'Harry Reid said: "I dread looking at Wall Street tomorrow. It is a disgrace." '
        "Bob Corker praised the vote as the right decision for taxpayers.\n"
    )
    [point] = summarise_offline(first_person).contested_points
    assert point.issue == "Whether Bob Corker praised the vote as the right decision for taxpayers"
    one_sentence = (
        "Harry Reid said we had failed the workers with a disgrace. Bob Corker praised the "
        "vote as the right decision for taxpayers.\n"
    )
    [point] = summarise_offline(one_sentence).contested_points
    assert point.issue.startswith("Whether Bob Corker praised"), point.issue
    # When the first side reads well, it words the issue.
    plain = (
        "Harry Reid said the vote was a disgrace. Bob Corker praised the vote as the right "
        "decision for taxpayers.\n"
    )
    [point] = summarise_offline(plain).contested_points
    assert point.issue == "Whether the vote was a disgrace"


def test_the_agency_is_the_organisation_whose_name_says_agency() -> None:
    # Abqaiq, tagged an organisation, is the latest named before "the agency".
    text = (
        "The Saudi Press Agency reported drone strikes at Abqaiq. Drones also hit the "
        "Khurais oil field. The agency did not mention casualties, but said exports were "
        "continuing.\n"
    )
    assert speaker_of(text, "continuing") == "Saudi Press Agency"


def test_a_places_governor_is_a_person_and_not_the_deputy() -> None:
    text = (
        "Deputy Governor Oleg Klimov said 68 people were missing. "
        "Chelyabinsk's governor has promised that each victim will receive a payout.\n"
    )
    assert speaker_of(text, "payout") == "Chelyabinsk's governor"
    titled = (
        "Governor Boris Dubrovsky visited the site. Deputy Governor Oleg Klimov said 68 "
        "people were missing. Chelyabinsk's governor has promised that each victim will "
        "receive a payout.\n"
    )
    assert speaker_of(titled, "payout") == "Boris Dubrovsky"
    # A spokesperson still speaks for the body that employs them.
    spokesperson = "The Interior Ministry's spokeswoman said the fire was out.\n"
    assert speaker_of(spokesperson, "fire") == "Interior Ministry"


def test_according_to_a_pronoun_is_the_person_last_named() -> None:
    text = "Maria Smith is a lawyer. According to her, the ruling was wrong.\n"
    assert speaker_of(text, "ruling was wrong") == "Maria Smith"
    # With nobody named before it, "him" is nobody.
    assert claims_of(summarise_offline("According to him, the blast was caused by gas.\n")) == []


def test_the_agent_of_a_passive_saying_is_the_speaker() -> None:
    text = "He was told by Yevgeny Zinichev that the rescue would continue.\n"
    assert speaker_of(text, "rescue would continue") == "Yevgeny Zinichev"
    # A passive with no agent names no speaker.
    assert claims_of(summarise_offline("The plan was announced on Monday.\n")) == []


def test_a_confession_is_a_claim_but_confessing_nothing_is_not() -> None:
    text = "Mohammed Waseem confessed to the murder in 2016.\n"
    assert speaker_of(text, "murder") == "Mohammed Waseem"
    assert claims_of(summarise_offline("Mohammed Waseem confessed.\n")) == []


def test_the_police_are_the_police_the_story_named() -> None:
    text = "South Korean police found the body. The police said he had left at noon.\n"
    summary = summarise_offline(text)
    assert speaker_of(text, "left at noon") == "South Korean police"
    assert [a.name for a in summary.actors if "police" in a.name] == ["South Korean police"]
    # With none named before, the police speak as themselves.
    assert speaker_of("The police said he had left at noon.\n", "left at noon") == "police"
    # With two named, "the police" could be either, and is neither.
    two = (
        "Israeli police arrested one man. Palestinian police arrested another. The police "
        "said both were held.\n"
    )
    assert speaker_of(two, "were held") == "police"


def test_not_saying_what_happened_asserts_nothing() -> None:
    text = "PG&E had not confirmed what work the helicopter was undertaking.\n"
    assert claims_of(summarise_offline(text)) == []
    said = "PG&E confirmed what work the helicopter was undertaking.\n"
    assert speaker_of(said, "helicopter was undertaking") == "PG&E"


def test_testifying_needs_something_testified() -> None:
    assert claims_of(summarise_offline("Joel Smithers testified in his own defense.\n")) == []
    text = "Joel Smithers testified that some patients deceived him.\n"
    assert speaker_of(text, "patients deceived him") == "Joel Smithers"
    aside = "Maria Smith spoke to the court. In between, she testified, she was attacked.\n"
    assert speaker_of(aside, "was attacked") == "Maria Smith"


def test_a_record_cited_by_according_to_is_its_compilers_claim() -> None:
    text = (
        "The outbreak spread in May. According to data from the World Health "
        "Organisation, there were ten million cases in 2018. According to figures from "
        "the ministry, 20 people died. According to reports, the fire spread fast.\n"
    )
    assert speaker_of(text, "ten million cases") == "World Health Organisation"
    assert speaker_of(text, "20 people died") == "ministry"
    # Reports of no one named are no one's claim, and "data" is no speaker.
    assert speaker_of(text, "fire spread") is None
    assert "data" not in {a.name for a in summarise_offline(text).actors}


def test_a_record_that_is_the_subject_speaks_for_its_compiler() -> None:
    text = (
        "Deaths passed 100,000 on Wednesday, Johns Hopkins University data indicated. "
        "A Reuters report said the deal was off.\n"
    )
    assert speaker_of(text, "passed 100,000") == "Johns Hopkins University"
    assert speaker_of(text, "deal was off") == "Reuters"
    # A record of no one named still credits no one.
    assert speaker_of("The data indicated that deaths passed 100,000.\n", "deaths") is None


def test_a_records_finding_takes_no_side_in_a_dispute() -> None:
    denial = "Governor Ron DeSantis denied that cases rose sharply across the state.\n"
    by_record = "Cases rose sharply across the state, Johns Hopkins University data indicated. "
    by_person = "Cases rose sharply across the state, Dr Anthony Fauci said. "
    summary = summarise_offline(by_record + denial)
    assert ("Johns Hopkins University", "Cases rose sharply across the state") in claims_of(summary)
    assert summary.contested_points == []
    # Nor when the record answers the denial, or is cited by "according to".
    assert summarise_offline(denial + by_record).contested_points == []
    cited = "According to data from Johns Hopkins University, cases rose sharply across the state. "
    assert summarise_offline(cited + denial).contested_points == []
    # A person who says the same is a side against the denial.
    assert sides_of(summarise_offline(by_person + denial)) == [["Anthony Fauci", "Ron DeSantis"]]


def test_a_body_its_owner_names_speaks_as_itself() -> None:
    text = (
        "Cases rose in May. According to the University of Washington's Institute for "
        "Health Metrics and Evaluation, the virus may cause 32,000 more deaths.\n"
    )
    assert speaker_of(text, "32,000 more deaths") == "Institute for Health Metrics and Evaluation"
    # A person set beside a place's body still speaks as the person.
    beside = (
        "John Hutchinson, a biologist at London's Royal Veterinary College, questioned "
        "the findings, saying the birds might have held their wings tight.\n"
    )
    assert speaker_of(beside, "held their wings") == "John Hutchinson"


def test_a_body_named_by_its_initials_speaks_however_it_is_tagged() -> None:
    text = (
        "The campaign began early. UNICEF reported they had delivered 105 thousand "
        "doses. NEOC said the rate was 95%.\n"
    )
    assert speaker_of(text, "delivered") == "UNICEF"
    assert speaker_of(text, "rate") == "NEOC"


def test_a_name_set_beside_a_role_by_commas_is_the_speaker() -> None:
    text = (
        "The ruling came on Friday. The American Samoan delegate to the U.S. House of "
        "Representatives, Aumua Amata, told the press the ruling was unwelcome. The "
        "prosecutor general of Tehran, Ali Alghasi Mehr, said the 36 must face charges.\n"
    )
    assert speaker_of(text, "unwelcome") == "Aumua Amata"
    assert speaker_of(text, "must face charges") == "Ali Alghasi Mehr"
    names = {a.name for a in summarise_offline(text).actors}
    assert not {n for n in names if "delegate" in n or "prosecutor" in n}, names


def test_a_ring_name_or_a_name_known_as_is_an_alias_of_the_person() -> None:
    text = (
        "The wrestler Jon Huber, who performed under the ring name Luke Harper, died "
        "on Saturday. Anna Smith met Bob Jones, known as Bobby, in May. Carl Reed thanked "
        "Dana Wells.\n"
    )
    actors = {a.name: a.aliases for a in summarise_offline(text).actors}
    assert "Luke Harper" in actors["Jon Huber"]
    assert "Bobby" in actors["Bob Jones"]
    assert "Luke Harper" not in actors
    assert "Bobby" not in actors
    # A name after another with nothing saying it is the same person is someone else.
    assert "Dana Wells" in actors
    assert "Dana Wells" not in actors["Carl Reed"]


def test_two_names_the_tagger_ran_together_are_two_actors() -> None:
    text = (
        "In 1984, Geraldine Ferraro was Walter Mondale's running mate, making Ferraro "
        "the Democratic Party's first female candidate for Vice President. The Bank of "
        "the West said it was fine.\n"
    )
    names = {a.name for a in summarise_offline(text).actors}
    assert {"Geraldine Ferraro", "Democratic Party", "Bank of the West"} <= names
    assert not [n for n in names if "Ferraro the" in n], names
    # One word after "the" is an epithet, part of the one name.
    epithet = "Catherine the Great ruled Russia.\n"
    doc = load_pipeline()(epithet)
    assert "Catherine the Great" in [m.text for m, _ in find_mentions(doc, epithet)]


def test_a_hyphenated_lesser_office_is_not_the_office() -> None:
    text = (
        "Supporters of US President Donald Trump rallied against former US "
        "Vice-President Joe Biden on Saturday. The president said the count was wrong.\n"
    )
    assert speaker_of(text, "count was wrong") == "Donald Trump"
    roles = {a.name: a.role for a in summarise_offline(text).actors}
    assert roles["Joe Biden"] == "Vice-President"


def test_an_office_holders_name_after_the_body_is_a_person_of_their_own() -> None:
    text = (
        '"It is a start," Hong Kong director of Amnesty International Man-kei Tam said '
        "in a statement. Principal Deputy Assistant Secretary of the Air Force for "
        "Acquisition Marvin Sambur said the deal was fine.\n"
    )
    actors = {a.name: a.kind for a in summarise_offline(text).actors}
    assert actors.get("Man-kei Tam") == "person"
    assert actors.get("Marvin Sambur") == "person"
    assert not [n for n in actors if "Tam" in n and n != "Man-kei Tam"], actors
    assert not [n for n in actors if "Acquisition" in n], actors
    # The office's remit ("for Acquisition") is no part of the body it belongs to.
    mentions = [m.text for m, _ in find_mentions(load_pipeline()(text), text)]
    assert "Air Force" in mentions, mentions
    # A body whose own name ends the run is one organisation, not a person.
    body = "The director of the Australian Retailers Association said sales fell.\n"
    names = {a.name for a in summarise_offline(body).actors}
    assert "Australian Retailers Association" in names
    assert "Retailers Association" not in names


def test_pointing_out_that_reports_but_pointing_at_a_thing_does_not() -> None:
    text = (
        "Other analysts, however, point out that the market had not fallen as quickly as "
        "in October.\n"
    )
    claims = claims_of(summarise_offline(text))
    assert [speaker for speaker, _ in claims] == ["Other analysts"], claims
    assert "had not fallen as quickly" in claims[0][1]
    pointing = "Analysts pointed to the data from October. The dealer pointed out the car.\n"
    assert claims_of(summarise_offline(pointing)) == []


def test_not_commenting_or_not_conceding_says_nothing() -> None:
    text = (
        "Papermaster did not comment on the situation. The president has not yet conceded "
        "the election. Mears would not confirm Dasbach's account.\n"
    )
    assert claims_of(summarise_offline(text)) == []
    # Said of a clause, it is still a claim.
    said = "Papermaster did not deny that he left.\n"
    assert claims_of(summarise_offline(said)) == [("Papermaster", "He left")]


def test_a_definite_title_with_its_own_words_is_the_one_titled_so() -> None:
    text = (
        "Stocks rose after US bank chief Ben Bernanke said the economy was recovering. "
        "Addressing a conference, the bank chief said that growth would return. "
        "The fire chief said that the blaze was out.\n"
    )
    claims = claims_of(summarise_offline(text))
    assert [speaker for speaker, _ in claims] == ["Ben Bernanke", "Ben Bernanke", "fire chief"]
    # Named beside the title, the name speaks, not whoever held the title before.
    named = (
        "General secretary Mick Whelan said it was safe. The general secretary of the RMT "
        "union, Mick Cash, said the measure was not enough.\n"
    )
    assert [s for s, _ in claims_of(summarise_offline(named))] == ["Mick Whelan", "Mick Cash"]
