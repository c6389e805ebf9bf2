"""Figures as news writes them where no noun follows the number: a level a verb gives
("the toll rose to 50"), a measure of something ("a magnitude of 4.0"), and the numbers
that are no figure (a rank, a "40-year high")."""

from __future__ import annotations

from summarise import Figure
from summarise.schemas.news.offline import summarise_offline
from summarise.schemas.news.offline.nlp import parse


def figures(text: str) -> list[Figure]:
    return summarise_offline(text).figures


def readings(text: str) -> set[tuple[float, str, str]]:
    return {(f.value, f.unit, f.what) for f in figures(text)}


def test_a_level_a_verb_gives_counts_what_its_subject_counts() -> None:
    assert readings("The death toll rose to 1,234, officials said.\n") == {
        (1234, "deaths", "death toll")
    }
    assert readings("The number of confirmed cases has risen to 1,500.\n") == {
        (1500, "cases", "number of confirmed cases")
    }
    assert readings("The number of dead has reached 70.\n") == {(70, "dead", "number of dead")}


def test_a_verb_with_an_object_gives_the_objects_level_not_the_subjects() -> None:
    text = "The council increased the death toll to six on Friday.\n"
    assert readings(text) == {(6, "deaths", "death toll")}


def test_a_verb_that_gives_no_level_gives_no_figure() -> None:
    # "Six" is what the team scored against; "beat" states no level of anything.
    assert figures("The team beat the visitors at six.\n") == []


def test_a_number_of_a_noun_measures_that_noun() -> None:
    money = figures("The company reported a net loss of $2.2 billion in the quarter.\n")
    assert [(f.value, f.unit, f.what) for f in money] == [(2.2e9, "USD", "net loss")]
    share = figures("Unemployment rose to 7.2 per cent in March.\n")
    assert [(f.unit, f.what) for f in share] == [("percent", "Unemployment")]


def test_a_magnitude_written_after_its_noun_is_still_a_magnitude_of_its_quake() -> None:
    (quake,) = figures("The second quake had a magnitude of 4.0.\n")
    assert (quake.value, quake.unit, quake.what) == (4.0, "magnitude", "second quake magnitude")
    assert quake.evidence[0].quote == "magnitude of 4.0"  # the measure with its number


def test_the_evidence_of_a_level_runs_from_its_noun_to_its_number() -> None:
    (toll,) = figures("The death toll rose to 1,234, officials said.\n")
    assert toll.evidence[0].quote == "death toll rose to 1,234"


def test_a_unit_written_in_the_entity_is_not_what_follows_it() -> None:
    (area,) = figures("The fire destroyed 1,200 acres of forest.\n")
    assert (area.unit, area.what) == ("acres", "acres of forest")


def test_a_percent_change_then_a_level_is_two_numbers_not_a_range() -> None:
    found = figures("The Nasdaq index fell 3.16% to 2138.14 on Monday.\n")
    assert [(f.value, f.unit, f.qualifier) for f in found] == [
        (3.16, "percent", "exact"),
        (2138.14, "points", "exact"),
    ]
    (span,) = figures("Prices rose between 10% and 12% last year.\n")
    assert span.qualifier == "range"  # a range written as one stays one


def test_a_rank_is_not_a_count() -> None:
    text = "The deal cost $11.5bn, replacing Target at number three.\n"
    assert [(f.value, f.unit) for f in figures(text)] == [(11.5e9, "USD")]
    assert [f.value for f in figures("Target fell to three stores in the state.\n")] == [3]


def test_a_record_of_so_many_years_is_no_duration() -> None:
    found = readings("Inflation hit a 40-year high of 9.1% in June.\n")
    assert not [r for r in found if r[1] == "years"]
    assert (9.1, "percent", "high") in found
    assert (25, "years", "duration") in readings("He was sentenced to 25 years in prison.\n")


def test_a_rates_base_is_no_figure() -> None:
    text = "Alaska had fifteen youth suicides per 100,000 individuals.\n"
    values = {f.value for f in figures(text)}
    assert 15 in values
    assert 100_000 not in values
    # "For each 10 percentage-point increase": "each" is no rate's base.
    each = "For each 10 percentage-point increase in gun ownership, the rate rose.\n"
    assert 10 in {f.value for f in figures(each)}


def test_calendar_years_are_not_ages_or_lengths() -> None:
    text = "The study used data on suicides by 10–19 year olds from 2005 through 2015.\n"
    assert not [f for f in figures(text) if f.value >= 2005]


def test_a_year_like_number_before_a_singular_noun_names_the_year() -> None:
    # The tagger takes this 2020 for a bare number, not a date.
    text = "The review estimated the total 2020 population of the state at over one million.\n"
    assert 2020 not in {f.value for f in figures(text)}
    # A measure may be written singular and still counts.
    assert (2000, "km") in {(f.value, f.unit) for f in figures("The pipeline runs 2000 km.\n")}
    # Before a plural noun, the same number is a count.
    assert (2000, "troops") in {(f.value, f.unit) for f in figures("It sent 2000 troops.\n")}


def test_a_verb_that_estimates_an_objects_level_at_a_number_gives_it() -> None:
    text = "The review estimated the total 2020 population at just over one million.\n"
    assert readings(text) == {(1_000_000, "population", "total 2020 population")}
    assert readings("The court set the fine at US$500.\n") == {(500, "USD", "fine")}


def test_a_part_out_of_a_whole_counts_what_the_whole_counts() -> None:
    text = "It won control of 17 out of 18 of the area's districts.\n"
    assert {(f.value, f.unit) for f in figures(text)} == {(17, "districts"), (18, "districts")}
    # Without "out of", a number beside another keeps its own reading.
    assert (17, "districts") not in {
        (f.value, f.unit) for f in figures("It won control of 17, and 18 districts voted.\n")
    }


def test_a_decimal_before_a_quake_is_its_magnitude() -> None:
    assert readings("A landslide was caused by the 5.0 earthquake.\n") == {
        (5.0, "magnitude", "earthquake magnitude")
    }
    # A whole number of quakes is a count of them.
    assert readings("Seismologists recorded 611 aftershocks.\n") == {
        (611, "aftershocks", "aftershocks")
    }


def test_a_number_in_a_name_is_no_figure() -> None:
    text = "GitHub cited an alleged violation of 17 U.S. Code § 1201 Circumvention.\n"
    assert 17 not in {f.value for f in figures(text)}


def test_a_listed_number_without_a_noun_counts_the_first_ones_noun_in_its_own_place() -> None:
    text = (
        "The report figured 21 injured individuals in Davao del Sur, 29 in South "
        "Cotabato and seven in General Santos City.\n"
    )
    found = {f.value: f.what for f in figures(text)}
    assert found[29] == "injured individuals in South Cotabato"
    assert found[7] == "injured individuals in General Santos City"
    # A body of people, not a place, is counted as people from it.
    army = "Mijares said 90 civilians were wounded, as were seventeen from the Armed Forces.\n"
    assert ("people", "people from the Armed Forces") in {
        (f.unit, f.what) for f in figures(army) if f.value == 17
    }


def test_a_number_listed_after_one_the_tagger_found_is_found_too() -> None:
    text = "Honda and Subaru posted gains of eight and fourteen percent, respectively.\n"
    assert {(f.value, f.unit) for f in figures(text)} == {(8, "percent"), (14, "percent")}


def test_an_age_given_as_the_age_of() -> None:
    assert readings("Ginger Baker died in a hospital at the age of 80.\n") == {(80, "years", "age")}


def test_a_number_of_recent_years_is_a_length_and_last_year_is_a_date() -> None:
    text = "The study covers the last 50 years. Congress gets the bill in the next ten days.\n"
    assert {(f.value, f.unit) for f in figures(text)} == {(50, "years"), (10, "days")}
    assert figures("The plant closed two years ago, on May 2, 2019.\n") == []


def test_a_level_a_clause_or_a_copula_gives() -> None:
    text = "Annualised sales of vehicles are predicted to have dipped below nine million.\n"
    assert readings(text) == {(9_000_000, "sales", "Annualised sales")}
    copula = "The actual reduction would be about 5,000, Airbus said.\n"
    assert readings(copula) == {(5000, "reduction", "actual reduction")}
    # A copula with a name, not a number, says no level.
    assert figures("The winner was Smith, the jury said.\n") == []


def test_money_is_in_its_currency_however_the_sum_is_tagged() -> None:
    text = (
        "The sale price is 900 million złotys. Tesco had a 947 million pounds turnover for "
        "a 107 million loss and 301 stores.\n"
    )
    units = {f.value: f.unit for f in figures(text)}
    assert units[900_000_000] == "PLN"
    assert units[107_000_000] == "GBP"  # a loss is counted in the sentence's currency
    assert units[301] == "stores"  # stores are not money, whatever came before
    after = figures("The club reported a 40 million loss on sales of 3 billion euros.\n")
    assert {f.value: f.unit for f in after} == {40_000_000: "EUR", 3_000_000_000: "EUR"}
    # With no sum near it, a loss's number keeps the loss as what it counts.
    assert {f.unit for f in figures("The club reported a 40 million loss.\n")} == {"loss"}


def test_a_count_of_people_killed_or_hurt_is_in_deaths_or_injured() -> None:
    text = "The attack killed twelve and injured twelve more, and a bombing wounded 110.\n"
    assert readings(text) == {
        (12, "deaths", "people killed"),
        (12, "injured", "people injured"),
        (110, "injured", "people wounded"),
    }
    # Parsed either way: "twelve" the object, or a number on "more", the object.
    for text in (
        "Mangal said the attack had killed twelve and injured twelve more.\n",
        "Mangal said the attack had killed twelve and injured twelve more. Mujahid left.\n",
    ):
        assert readings(text) == {
            (12, "deaths", "people killed"),
            (12, "injured", "people injured"),
        }
    # The dead are deaths, with "people" in what is counted: labellers write either, and
    # this agrees with both. The hurt stay people, and what is counted says what befell them.
    assert readings("Officials said 3 people died and 40 people were injured.\n") == {
        (3, "deaths", "people died"),
        (40, "people", "people injured"),
    }
    assert readings("The Taliban claimed 190 were dead.\n") == {(190, "deaths", "people dead")}
    assert {f.unit for f in figures("The crisis claimed 15,393 lives in Canada.\n")} == {"deaths"}
    # People who did something else are counted as people, not as casualties.
    assert readings("Officials said 40 people were evacuated.\n") == {(40, "people", "people")}


def test_a_fraction_of_something_is_a_share_of_it() -> None:
    text = "The group took over about a third of the country. Half of the voters stayed home.\n"
    shares = {(round(f.value, 2), f.unit, f.what, f.qualifier) for f in figures(text)}
    assert shares == {
        (0.33, "share", "share of the country", "approximately"),
        (0.5, "share", "share of the voters", "exact"),
    }
    # Tagged as a date, a quarter of something is still a share; a quarter of a year is not.
    assert readings("Congress approved about a quarter of the money.\n") == {
        (0.25, "share", "share of the money")
    }
    assert figures("Profit rose in the third quarter of the year.\n") == []


def test_quarters_that_are_a_length_are_no_share() -> None:
    text = "Japan posted two consecutive quarters of negative growth.\n"
    assert not [f for f in figures(text) if f.unit in ("share", "growth")]


def test_a_casualty_count_told_several_ways_is_still_one() -> None:
    # A participle's subject suffered, and "others" are people.
    assert readings("Twenty people died, officials said, with 25 others injured.\n") == {
        (20, "deaths", "people died"),
        (25, "people", "people injured"),
    }
    # "confirmed" between the count and its state; "a total of" is no unit.
    assert readings("A total of 39 are confirmed dead, officials said.\n") == {
        (39, "deaths", "people dead")
    }
    assert "39" not in {f.unit for f in figures("A total of 39 were evacuated.\n")}
    # Others who did something else are not casualties.
    assert readings("Twenty people died, and 25 others escaped.\n") == {
        (20, "deaths", "people died"),
        (25, "others", "others"),
    }


def test_an_imperial_unit_is_spelled_out_and_a_metric_one_kept() -> None:
    assert readings("The Conception was a 75 ft long boat.\n") == {(75, "feet", "feet")}
    assert {(f.value, f.unit) for f in figures("It weighed about ten lbs.\n")} == {(10, "pounds")}
    assert {(f.value, f.unit) for f in figures("The fire burned 40 km of coast.\n")} == {(40, "km")}


def test_a_measure_restated_in_brackets_is_one_figure_but_money_is_two() -> None:
    text = "It weighed about ten lbs (five kg) and ran at about 18 mph (8 m/s).\n"
    assert {(f.value, f.unit) for f in figures(text)} == {(10, "pounds"), (18, "mph")}
    # A count broken down in brackets is not the same count again.
    people = figures("Police said 12 people (7 men and 5 women) were arrested.\n")
    assert {f.value for f in people} == {12, 7, 5}
    money = "The price is 900 million złotys (181 million pounds).\n"
    assert {(f.value, f.unit) for f in figures(money)} == {(9e8, "PLN"), (1.81e8, "GBP")}


def test_a_count_a_place_owns_is_a_count_but_a_model_number_is_a_name() -> None:
    text = "Biden was declared to have won Pennsylvania's 20 electoral college votes.\n"
    assert {(f.value, f.unit) for f in figures(text)} == {(20, "votes")}
    assert figures("The airline ordered Boeing's 787 Dreamliner.\n") == []


def test_a_vote_tally_is_the_votes_for_and_the_votes_against() -> None:
    # However the tokenizer splits it: "230-to-198" is "230" and a noun "to-198".
    for text in (
        "The vote passed along party lines, 230-to-198.\n",
        "The final vote count in the Senate was 230-198, short of what was needed.\n",
        "The House voted 230 to 198 on Wednesday.\n",
        "The bill passed by a vote of 230–198.\n",
    ):
        assert readings(text) == {(230, "votes", "votes for"), (198, "votes", "votes against")}
    (yes, _) = figures("The vote passed along party lines, 230-to-198.\n")
    assert yes.evidence[0].quote == "vote passed along party lines, 230-to-198"


def test_a_range_a_score_or_a_pair_outside_a_vote_is_no_tally() -> None:
    # A range runs upwards, and is no tally even in a sentence about voting.
    assert not [f for f in figures("About 40 to 50 people voted.\n") if f.unit == "votes"]
    # A fall from one number to another is a change, not a tally.
    fall = figures("Turnout in the vote fell from 60 to 40 percent.\n")
    assert not [f for f in fall if f.unit == "votes"]
    # A pair in a sentence with no vote is no tally; a decimal is no side of one.
    assert not [f for f in figures("Arsenal won 3-1 at home.\n") if f.unit == "votes"]
    for text in (
        "Shares fell 5.2-3 percent in the vote.\n",
        "Shares fell 3-2.5 percent in the vote.\n",
    ):
        assert not [f for f in figures(text) if f.unit == "votes"]


def test_a_passage_in_another_script_gives_no_figure() -> None:
    assert figures("She told the Korea Herald: 4~5시간 전에 아버지가.\n") == []
    assert readings("The doctor prescribed 40 doses.\n") == {(40, "doses", "doses")}


def test_a_number_the_tagger_took_for_a_year_still_counts_people_before_it() -> None:
    text = "Of these, 1846 persons were hospitalized.\n"
    assert readings(text) == {(1846, "persons", "persons")}
    # A year before a noun that is no count of people stays a year.
    assert figures("The 1846 elections were held in May.\n") == []


def test_losing_lives_is_dying_and_a_participle_before_the_noun_is_no_verb() -> None:
    assert readings("Officials said 81 had lost their lives.\n") == {(81, "deaths", "people died")}
    # Losing something else is no death.
    assert not [
        f for f in figures("Officials said 81 had lost their homes.\n") if f.unit == "deaths"
    ]
    found = readings("Biden has amassed 1,217 pledged delegates so far.\n")
    assert (1217, "delegates", "delegates") in found


def test_a_count_set_beside_another_shares_its_verb() -> None:
    text = "Two thirds of those known to be infected, over 1800 people, have died.\n"
    assert (1800, "deaths", "people died") in readings(text)
    # Beside a noun that did nothing to anyone, the count is of people only.
    alive = "Two thirds of those known to be infected, over 1800 people, have recovered.\n"
    assert not [f for f in figures(alive) if f.unit == "deaths"]


def test_a_descending_pair_is_two_numbers_each_in_its_place() -> None:
    text = "Biden led Trump in the polling average, 49.4 percent to 42.0 percent.\n"
    found = {(f.value, f.unit, f.text) for f in figures(text)}
    assert {(49.4, "percent", "49.4 percent"), (42.0, "percent", "42.0 percent")} <= found
    # An ascending pair is one range, not two figures.
    ranged = figures("Turnout is expected to be 40 percent to 50 percent.\n")
    assert [(f.value, f.qualifier) for f in ranged] == [(40, "range")]


def test_a_bare_number_listed_before_a_percentage_is_one_too() -> None:
    text = "Sales of the Fusion and Taurus rose 166.5 and 93.3% respectively.\n"
    assert {(f.value, f.unit) for f in figures(text)} >= {(166.5, "percent"), (93.3, "percent")}
    # Listed before a count of things, it stays a count.
    things = figures("The firm sold 166 and 93 sedans respectively.\n")
    assert not [f for f in things if f.unit == "percent"]


def test_an_age_said_of_a_person_is_an_age() -> None:
    text = "Waseem was sentenced for her murder. She was 26. At 77, Biden became the nominee.\n"
    assert {(f.value, f.unit) for f in figures(text)} == {(26, "years"), (77, "years")}
    assert {(f.value, f.unit) for f in figures("Ann Lee was 31 when she died.\n")} == {
        (31, "years")
    }
    # Said of a thing, or not what the person is nor opening the sentence, it is no age.
    for other in (
        "The vote was 26.\n",
        "At 77, the index fell.\n",
        "She was 26 points ahead.\n",
        "He said that at 77, Biden became the nominee.\n",
    ):
        assert not [f for f in figures(other) if f.unit == "years"], other


def test_a_number_no_date_is_written_as_is_a_figure_whatever_the_tagger_says() -> None:
    # The tagger takes "1,442.82" for a date and "7,365.67" for a title here.
    assert (1442.82, "points", "Nasdaq Composite") in readings(
        "The Nasdaq Composite lost 1.71% or 25.15 points, closing at 1,442.82.\n"
    )
    assert (7365.67, "points", "Dow") in readings(
        "The Dow fell 100.28 points to close at 7,365.67.\n"
    )
    # A date stays a date: a year, or a day of a month, is no figure.
    assert not figures("The Dow closed lower on 12 March 2009.\n")


def test_a_bare_measure_or_currency_is_of_what_moved_or_was_paid() -> None:
    found = readings(
        "The Dow fell 100.28 points to close at 7,365.67. "
        "The French Cac index gained 3.1% and the German Dax 2.8%.\n"
    )
    assert (100.28, "points", "Dow") in found  # the subject, through "to close"
    assert (3.1, "percent", "French Cac index") in found
    assert (2.8, "percent", "German Dax") in found  # beside its index, not the first one's
    assert (25.15, "points", "Nasdaq Composite") in readings(
        "The Nasdaq Composite lost 1.71% or 25.15 points.\n"
    )  # listed after the first, it shares the first's verb
    assert (5_000_000, "USD", "charity") in readings("The charity raised $5 million last year.\n")
    # A count of things keeps its noun; a subject that is the sum itself is no "what".
    assert (12, "sedans", "sedans") in readings("The dealer sold 12 sedans last week.\n")
    (lost,) = figures("Nearly 200 points were lost by the Dow.\n")
    assert lost.what == "points"  # not "Nearly 200 points", its own words


def test_what_a_subject_names_keeps_a_named_owner_whole_and_drops_an_unnamed_one() -> None:
    found = readings(
        "Two other indexes fell: the Standard & Poor's 500 (S&P) fell by 9.48 points. "
        "Germany's DAX gained 2.8%. "
        "The company's revenue made up $7.1 billion.\n"
    )
    assert (9.48, "points", "Standard & Poor's 500 (S&P)") in found  # no "& Poor's ... (S&P"
    assert (2.8, "percent", "Germany's DAX") in found
    assert (7_100_000_000, "USD", "revenue") in found  # not "'s revenue"


def test_a_scale_glued_to_a_number_scales_it() -> None:
    text = (
        "Ryanair reported record profits of $269m this year. "
        "Orders are worth in the region of US$140bn, or 86bn euros, and it lost £2.3bn.\n"
    )
    assert {(f.text, f.value, f.unit, f.qualifier) for f in figures(text)} == {
        ("$269m", 269e6, "USD", "exact"),
        ("in the region of US$140bn", 140e9, "USD", "approximately"),
        ("86bn", 86e9, "EUR", "exact"),
        ("£2.3bn", 2.3e9, "GBP", "exact"),
    }


def test_a_glued_m_or_k_scales_money_and_people_but_not_a_length() -> None:
    carried = figures("It aims to carry 70m passengers a year.\n")
    assert [(f.value, f.unit) for f in carried] == [(70e6, "passengers")]
    assert {f.value for f in figures("The company paid $5k in fines.\n")} == {5000}
    # "m" is metres here: the number keeps its own value, whatever else is said of it.
    assert {f.value for f in figures("He won the 100m final in the rain.\n")} <= {100}
    assert {f.value for f in figures("They built a 3m wall along 40 miles.\n")} == {3, 40}


def test_a_glued_scale_takes_the_place_only_of_the_entities_it_overlaps() -> None:
    doc = parse("Ryanair paid Boeing $269m yesterday.\n")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Ryanair", "ORG"),
        ("Boeing", "ORG"),
        ("269m", "MONEY"),
        ("yesterday", "DATE"),
    ]
    # The tagger alone reads "140bn" here as a person's name, and "96bn" as nothing.
    ents = parse("Boeing has orders worth in the region of US$140bn ($96bn, #86bn).").ents
    assert [(e.text, e.label_) for e in ents] == [
        ("Boeing", "ORG"),
        ("140bn", "MONEY"),
        ("96bn", "MONEY"),
        ("86bn", "CARDINAL"),
    ]
