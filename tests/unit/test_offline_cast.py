"""Who is cast as an actor: a name that acts in the story, however the sentence carries
it, and not a name that only says which thing, place or medium is meant. Each text is
built to show one way of writing, with the mistake it must not lead to."""

from __future__ import annotations

from summarise.schemas.news.offline import summarise_offline


def actors_of(text: str) -> dict[str, str]:
    return {a.name: a.kind for a in summarise_offline(text).actors}


def test_every_name_in_a_list_of_agents_acts() -> None:
    text = (
        "The subpoena was issued jointly by Representatives Eliot Engel, Adam Schiff, and "
        "Elijah Cummings, who serve as chairmen of the House's committees.\n"
    )
    assert {"Eliot Engel", "Adam Schiff", "Elijah Cummings"} <= set(actors_of(text))
    # The same list after a preposition that is no agent's names no one acting.
    passing = "The memo was about Eliot Engel, Adam Schiff, and Elijah Cummings.\n"
    assert not {"Adam Schiff", "Elijah Cummings"} & set(actors_of(passing))


def test_the_agent_of_a_noun_acts() -> None:
    text = "An investigation by PolitiFact found no such action on Biden's part.\n"
    assert "PolitiFact" in actors_of(text)
    assert "PolitiFact" not in actors_of("The report sat beside PolitiFact on the shelf.\n")


def test_a_name_in_apposition_acts_as_the_noun_it_renames() -> None:
    text = "A Republican, Mark Amodei, has publicly voiced support for the inquiry.\n"
    assert actors_of(text).get("Mark Amodei") == "person"
    # An apposition of an apposition is a parse of a place list, not a person acting.
    chained = (
        "Roberto Plotena, the mayor of Esperanza, Sultan Kudarat, announced classes for students.\n"
    )
    assert "Sultan Kudarat" not in actors_of(chained)


def test_a_companys_results_or_flight_are_the_company_acting() -> None:
    text = "Honda sales dropped 12 percent. An Air India Express flight crashed on landing.\n"
    assert {"Honda", "Air India Express"} <= set(actors_of(text))
    # A name that only says which notice is meant does not act through it.
    assert "Microsoft" not in actors_of("The Microsoft notice has no effect on the project.\n")


def test_a_place_that_has_a_figure_is_where_it_was_not_an_actor() -> None:
    text = (
        "New Jersey had the lowest rate, three per 100,000 people. Alabama and "
        "Mississippi had low rates. Texas has passed a law on guns.\n"
    )
    actors = actors_of(text)
    assert not {"New Jersey", "Alabama", "Mississippi"} & set(actors)
    assert "Texas" in actors  # "has" only helps "passed" here: Texas acted


def test_a_name_that_only_says_which_thing_is_meant_is_not_repeated_into_an_actor() -> None:
    text = (
        "Ginger Baker died on Sunday. The news came from the Twitter account in his name "
        "and was confirmed by his family. The Twitter account had posted updates for weeks.\n"
    )
    actors = actors_of(text)
    assert "Ginger Baker" in actors
    assert "Twitter" not in actors
    # An organisation named twice for what it is, not for a thing of its, is an actor.
    assert "Reuters" in actors_of("Reuters reported the news. Reuters later updated it.\n")


def test_a_medium_or_place_after_a_verb_is_not_an_actor() -> None:
    text = (
        "Nikki Haley wrote on Twitter that the move was a mistake. Researchers banded "
        "chicks at Punta Tombo. Haley later repeated the point on Twitter.\n"
    )
    actors = actors_of(text)
    assert "Nikki Haley" in actors
    assert not {"Twitter", "Punta Tombo"} & set(actors)
    # "Sanctions on Huawei": after a noun, "on" names the one the thing is aimed at.
    aimed = "Officials said sanctions on Huawei were tightened. The sanctions on Huawei remain.\n"
    assert "Huawei" in actors_of(aimed)


def test_an_organisations_short_form_is_the_organisation() -> None:
    text = (
        "The House of Representatives voted on Monday. The U.S. House then adjourned, and "
        "the House will return in May. The United States Senate rejected the deal; the "
        "Senate met again on Friday.\n"
    )
    actors = actors_of(text)
    assert "House of Representatives" in actors
    assert "United States Senate" in actors
    assert not {"House", "U.S. House", "Senate"} & set(actors)
    # Departments of different things stay apart.
    two = "The Department of Justice sued. The Department of State objected.\n"
    assert {"Department of Justice", "Department of State"} <= set(actors_of(two))


def test_a_title_word_is_not_a_person_and_a_title_does_not_split_a_company() -> None:
    text = (
        "Erwin Chemerinsky, Dean of UC Berkeley School of Law, called it silly. General "
        "Motors said sales fell. Ford Motor Company said sales rose; Ford hired workers.\n"
    )
    actors = actors_of(text)
    assert "Erwin Chemerinsky" in actors
    assert "Dean" not in actors
    assert "General Motors" in actors
    assert "Motors" not in actors
    assert "Ford Motor Company" in actors
    assert "Ford" not in actors
    # A longer company name keeps its first word too; a person's title still goes.
    longer = actors_of(
        "General Motors Corporation said sales fell. General Lee said troops left.\n"
    )
    assert "General Motors Corporation" in longer
    assert "Motors Corporation" not in longer
    assert "Lee" in longer
    assert "General Lee" not in longer
    # As an owner: the possessive is not a third word of the name.
    owning = actors_of("General Motors' sales fell. General Motors' chief resigned.\n")
    assert "General Motors" in owning
    assert "Motors" not in owning


def test_a_company_without_its_suffixes_is_the_company() -> None:
    text = (
        "Tesco agreed to sell its stores to Salling Group A/S on Thursday. Salling Group "
        "said the deal was good. With the acquisition Salling said it seeks to improve its "
        "coverage in Southern Poland.\n"
    )
    actors = summarise_offline(text).actors
    names = {a.name for a in actors}
    assert "Salling Group A/S" in names
    assert not {"Salling", "Salling Group"} & names
    speakers = {c.speaker for c in summarise_offline(text).claims}
    assert speakers == {"Salling Group A/S"}
    assert len(summarise_offline(text).claims) == 2


def test_an_interviews_questioner_is_the_publication_not_an_actor() -> None:
    text = (
        "Natasha Gownaris studies penguins at Gettysburg College.\n\n"
        "((Wikinews)) What prompted your curiosity about Magellanic penguins?\n\n"
        "((Natasha Gownaris)) I have wanted to study seabirds since college.\n\n"
        "((WN)) How did you approach putting together such a large-scale study?\n\n"
        "((Natasha Gownaris)) We used decades of banding data.\n\n"
        "((WN)) How much time did you end up spending in Argentina?\n\n"
        "((Natasha Gownaris)) About six months each year.\n"
    )
    actors = actors_of(text)
    assert "Natasha Gownaris" in actors
    assert not {"WN", "Wikinews"} & set(actors)
    # Outside an interview the same names are left to the ordinary rules.
    assert "Wikinews" in actors_of("Wikinews reported the story. Wikinews then updated it.\n")


def test_a_name_listed_with_people_is_a_person_and_a_constitution_is_no_actor() -> None:
    text = (
        "The subpoena was issued jointly by Representatives Eliot Engel, Adam Schiff, and "
        "Elijah Cummings, who serve as chairmen of the House's committees. The number is "
        "enough for the simple majority vote required by the United States Constitution.\n"
    )
    actors = actors_of(text)
    assert actors.get("Elijah Cummings") == "person"
    assert "United States Constitution" not in actors


def test_a_name_after_an_indefinite_article_is_a_kind_of_thing_not_acted_upon() -> None:
    assert "Lehman Brothers" in actors_of("The government refused to bail out Lehman Brothers.\n")
    assert "BBC" in actors_of("The minister attacked the BBC on Monday.\n")
    kind = actors_of("Critics said the plan was a ploy to achieve a no-deal Brexit.\n")
    assert "Brexit" not in kind


def test_a_name_for_a_disease_is_no_actor_but_a_dean_of_law_is() -> None:
    text = "The drugs treat Ebola virus disease (EVD), which has killed thousands.\n"
    assert "EVD" not in actors_of(text)
    dean = "Erwin Chemerinsky, Dean of the School of Law, called it a silly argument.\n"
    assert "Erwin Chemerinsky" in actors_of(dean)


def test_a_monarchs_numeral_is_part_of_the_name_not_an_owner_of_it() -> None:
    text = (
        "Yesterday, the United Kingdom's Queen Elizabeth II announced she will comply "
        "with the request.\n"
    )
    assert "Elizabeth II" in actors_of(text)
    assert not [name for name in actors_of(text) if "Kingdom's" in name]


def test_a_place_a_linking_verb_describes_is_not_acting() -> None:
    """ "X has become a place" says what X is, as "X is" does; "X has banned" acts."""
    for text in (
        "For many people, Hong Kong has become an unfamiliar place.\n",
        "Hong Kong remains a hub for trade.\n",
        "Hong Kong seems a quieter city.\n",
    ):
        assert "Hong Kong" not in actors_of(text), text
    assert "Hong Kong" in actors_of("Hong Kong has banned the protests.\n")


def test_a_place_set_beside_a_name_says_where_it_is_not_its_role() -> None:
    """ "Ciudad Juarez, Mexico" gives no role that would make a passing name an actor;
    "Bassem Naeem, a Hamas official" does give one."""
    where = "The store is five miles from the border between El Paso and Ciudad Juarez, Mexico.\n"
    assert actors_of(where) == {}
    roles = {
        a.name: a.role for a in summarise_offline("Bassem Naeem, a Hamas official, spoke.\n").actors
    }
    assert roles == {"Bassem Naeem": "Hamas official"}


def test_the_person_an_event_happened_to_is_an_actor() -> None:
    text = "The move follows the killing of Qasem Soleimani in an airstrike last week.\n"
    assert actors_of(text).get("Qasem Soleimani") == "person"
    # After a noun for no event, the name only says which thing is meant.
    passing = "The move follows the portrait of Qasem Soleimani in a gallery last week.\n"
    assert "Qasem Soleimani" not in actors_of(passing)


def test_a_body_due_to_act_is_acting_not_described() -> None:
    text = "The Vatican said little. Interpol is to decide within a month.\n"
    assert "Interpol" in actors_of(text)
    # A linking verb without "to" and a verb still describes the body.
    described = "The Vatican said little. Interpol is a large body.\n"
    assert "Interpol" not in actors_of(described)


def test_a_country_held_to_account_is_an_actor_not_a_place() -> None:
    text = "Mike Pompeo posted a message on Twitter blaming Iran for the attacks.\n"
    assert actors_of(text).get("Iran") == "country"
    # A country that is only where someone went is a place.
    visited = "Mike Pompeo posted a message on Twitter after visiting Iran for the talks.\n"
    assert "Iran" not in actors_of(visited)


def test_a_name_hung_under_its_title_acts_as_the_title_does() -> None:
    text = (
        "Joe Biden has amassed 1,217 delegates, while United States Senator from Vermont "
        "Bernie Sanders has earned 914.\n"
    )
    assert actors_of(text).get("Bernie Sanders") == "person"
    # The place or body the office is of does not act through its holder.
    held = "The Vice President of the United States Joe Biden won all three elections.\n"
    assert "United States" not in actors_of(held)
    assert "Joe Biden" in actors_of(held)


def test_a_name_that_acts_in_its_own_relative_clause_acts() -> None:
    text = (
        "Among the losers today were Citigroup, which fell 13.8%, and Bank of America, "
        "which dropped 14%.\n"
    )
    assert {"Citigroup", "Bank of America"} <= set(actors_of(text))
    # Described by a copula, or a place that has something, it does not act.
    described = "Among the losers were Citigroup, which is a bank.\n"
    assert "Citigroup" not in actors_of(described)
    place = "The fire spread to Warsaw, which has a million people.\n"
    assert "Warsaw" not in actors_of(place)


def test_a_name_in_quotation_marks_is_the_name_without_them() -> None:
    text = 'Henderson said the "New GM" would focus on four brands.\n'
    assert "New GM" in actors_of(text)
    assert not [name for name in actors_of(text) if '"' in name]
