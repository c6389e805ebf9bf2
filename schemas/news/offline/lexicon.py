"""Word lists the offline pipeline reads by: reporting verbs, stance cues, titles, capitals.

Kept apart from the rules so that tuning a list never means reading parsing code.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that attribute speech or belief: "X said ...", "X told the Telegraph ...".
REPORTING_VERBS = _words(
    """
    say tell warn claim believe confirm deny add state announce insist argue suggest
    report note explain write allege admit acknowledge estimate predict describe
    maintain stress emphasise emphasize reveal fear think agree dispute question assert
    declare caution contend concede reply respond testify comment indicate affirm
    reiterate tweet post complain hint recall speculate elaborate remark conclude
    advise recommend observe continue forecast speak
    """
)

# Reporting verbs of two words, and the one-word verb each is read as: "point out that".
PHRASAL_REPORTING_VERBS = {("point", "out"): "note"}

# The pronouns that open a relative clause: "Citigroup, which fell", "the claim, which
# Apple denied".
RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "that"})

# Verbs that take a stance on something; the clause itself is the claim.
STANCE_VERBS = _words(
    """
    condemn blame praise accuse reject criticise criticize welcome support oppose urge
    call demand vow pledge promise threaten defend denounce applaud hail thank slam back
    endorse dismiss refute deplore refuse protest sue challenge contest decry rebuke
    lambast disagree deem characterize characterise label encourage apologise apologize
    plead confess
    """
)

# The words of people killed or hurt, and what such a count is in: "killed twelve",
# "40 people were injured", "190 were dead".
CASUALTY_UNITS = {
    "kill": "deaths", "die": "deaths", "dead": "deaths", "killed": "deaths", "died": "deaths",
    "injure": "injured", "wound": "injured", "hurt": "injured",
    "injured": "injured", "wounded": "injured",
}  # fmt: skip

# Cues that oppose or favour, for pairing claims into contested points.
NEGATIVE_CUES = _words(
    """
    condemn deny reject blame dispute criticise criticize accuse oppose denounce slam
    dismiss refute deplore question complain threaten fear refuse protest sue
    challenge contest decry rebuke lambast disagree
    """
)
POSITIVE_CUES = _words(
    """
    praise support welcome back endorse applaud hail thank defend agree
    """
)

# Titles removed from the front of a name: "President Vladimir Putin" -> "Vladimir Putin".
TITLES = _words(
    """
    mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister
    premier chancellor king queen prince princess sheikh general gen. col. colonel
    captain capt. lt. sgt. sergeant senator sen. rep. representative governor gov. mayor
    judge justice pope cardinal bishop archbishop monsignor monsenor msgr father rev
    reverend superintendent chief inspector detective chairman chairwoman ceo director
    secretary ambassador minister spokesman spokeswoman spokesperson coach
    """
)

# Nouns that name a person's role: an apposition headed by one marks a person.
PERSON_ROLE_NOUNS = _words(
    """
    head director spokesperson spokesman spokeswoman minister member leader president
    chief chairman chairwoman chair founder ceo official officer envoy ambassador
    negotiator adviser advisor secretary deputy commander general analyst expert
    professor researcher economist author journalist reporter editor manager executive
    governor mayor senator lawmaker politician candidate judge lawyer attorney actor
    actress singer drummer player coach captain athlete runner doctor scientist
    astronomer campaigner activist founder owner partner representative president-elect
    vice-president mother father wife husband son daughter brother sister dean provost
    delegate prosecutor commissioner councillor councilor legislator congressman
    congresswoman sheriff nominee magistrate
    """
)

# A person's title or role, either way it is written: "President", "spokeswoman".
ROLE_WORDS = TITLES | PERSON_ROLE_NOUNS

# Words that mark an organisation's name, so it is not taken for a person's.
ORGANISATION_WORDS = _words(
    """
    group institute ministry committee union authority agency council party corp
    corporation inc ltd company association organisation organization foundation bank
    university college school court commission department office network news times post
    press media service services force forces corps army police government bureau board
    federation league club society trust fund centre center
    """
)

# Heads that describe an organisation: "the Hamas terror group", "the Reuters news agency".
ORGANISATION_HEADS = ORGANISATION_WORDS | _words(
    """
    movement militia outlet firm regime military channel newspaper broadcaster team
    manufacturer maker carrier chain
    """
)

# What joins an office to the body or place it is held in: "director of Amnesty
# International", "Senator from Vermont".
OFFICE_PREPOSITIONS = frozenset({"of", "for", "from"})

# Plural speakers who speak for the body named before them: "EU leaders said".
COLLECTIVE_SPEAKERS = _words("leader official minister diplomat representative")

# The tagger's labels for an actor's name, and the kind of actor each names.
ACTOR_LABELS = {"PERSON": "person", "ORG": "organisation", "GPE": "country", "NORP": "group"}

# The tagger's labels for a place's name: "Mexico", "the Levant".
PLACE_LABELS = frozenset({"GPE", "LOC"})

# Nouns for places: an "organisation" named as one of these is a place, not an actor.
PLACE_NOUNS = _words(
    """
    hospital camp city town village area district region province state street road
    square airport station port border neighbourhood neighborhood site base prison
    market mosque church school stadium building
    """
)

# Last words of names that name a thing, not an actor: laws, diseases, awards, events.
THING_HEADS = _words(
    """
    act bill law treaty accord accords agreement protocol convention charter amendment
    constitution code
    syndrome disease virus fever flu prize award awards cup championship championships
    games olympics marathon challenge festival summit
    """
)

# Stock market indices, which rise and fall but are not actors ("the Dow Jones surged
# nearly 200 points"): the names a story uses for them, lower-cased. A name with a
# number in it ("FTSE 100") is no actor anyway.
MARKET_INDICES = frozenset(
    name.strip()
    for name in """
    dow | dow jones | dow jones industrial average | nasdaq | nasdaq composite | s&p |
    s&p 500 | standard & poor's 500 | ftse | dax | cac | nikkei | topix | hang seng |
    sensex | nifty | kospi | asx | all ordinaries | tsx | shanghai composite |
    euro stoxx | stoxx | ibex | aex | micex | bovespa | merval | straits times index |
    jakarta composite | psei | taiex
    """.split("|")
)

# Capitals a story may use for the country's government ("Moscow has blamed ...").
CAPITALS = {
    "moscow": "russia", "washington": "united states", "beijing": "china",
    "london": "britain", "paris": "france", "tehran": "iran", "kyiv": "ukraine",
    "kiev": "ukraine", "berlin": "germany", "tokyo": "japan", "jerusalem": "israel",
    "new delhi": "india", "delhi": "india", "ankara": "turkey", "damascus": "syria",
    "riyadh": "saudi arabia", "pyongyang": "north korea", "seoul": "south korea",
    "rome": "italy", "madrid": "spain", "cairo": "egypt", "islamabad": "pakistan",
    "kabul": "afghanistan", "baghdad": "iraq", "beirut": "lebanon", "caracas": "venezuela",
    "havana": "cuba", "minsk": "belarus", "warsaw": "poland", "budapest": "hungary",
    "ottawa": "canada", "canberra": "australia", "brasilia": "brazil", "doha": "qatar",
    "abuja": "nigeria", "nairobi": "kenya", "pretoria": "south africa", "manila": "philippines",
    "jakarta": "indonesia", "hanoi": "vietnam", "bangkok": "thailand", "taipei": "taiwan",
    "buenos aires": "argentina", "mexico city": "mexico", "athens": "greece",
}  # fmt: skip

# Country names under the other names a story may use for them.
COUNTRY_ALIASES = {
    "united states": ("US", "U.S.", "USA", "America", "United States of America"),
    "britain": ("UK", "U.K.", "United Kingdom", "Great Britain"),
    "russia": ("Russian Federation",),
}

# Imperial units are spelled out, as news style writes them on a first mention; metric
# symbols ("km", "kg") are read as they are written.
UNIT_SPELLINGS = {
    "ft": "feet", "ft.": "feet", "foot": "feet", "lb": "pounds", "lbs": "pounds",
    "lbs.": "pounds", "oz": "ounces", "mi": "miles", "yd": "yards", "yds": "yards",
}  # fmt: skip

# Units of measure, for telling a measure restated in brackets ("75 ft (23 m)") from a
# count broken down in them ("12 people (7 men)").
MEASURE_UNITS = frozenset(UNIT_SPELLINGS) | _words(
    """
    feet pounds ounces miles yards inches km kg m cm mm mph kph km/h m/s metres meters
    kilometres kilometers kilograms grams tons tonnes litres liters gallons acres hectares
    """
)

# Time zones that NER takes for organisations.
TIME_ZONES = _words("UTC GMT IST EST EDT PST PDT CST CDT CET CEST BST JST AEST")

# Corporate endings: "Apple" and "Apple Inc." are one company.
CORPORATE_SUFFIXES = _words(
    """
    inc inc. corp corp. corporation co co. company ltd ltd. llc plc plc. group holdings
    computer computers motor motors limited a/s ag sa s.a. gmbh nv n.v. bv ab asa spa
    s.p.a. pty
    """
)

# Institutions a story names by common noun when they act: "the police fired".
INSTITUTION_NOUNS = _words("police army military troops navy")

# Subjects that stand for someone named before: "the company said", "the governor signed".
DEFINITE_REFERENCES = {
    "company": "organisation", "firm": "organisation", "group": "organisation",
    "organisation": "organisation", "organization": "organisation", "agency": "organisation",
    "commission": "organisation", "council": "organisation", "court": "organisation",
    "ministry": "organisation", "union": "organisation",
    "governor": "person", "president": "person", "minister": "person", "mayor": "person",
    "senator": "person", "judge": "person", "chancellor": "person", "spokesman": "person",
    "spokeswoman": "person", "chairman": "person", "ceo": "person",
}  # fmt: skip

# Common nouns that can head a source of their own ("experts said", "the insider said"):
# people, their roles, and bodies of people. A thing ("the website", "the data") cannot.
SPEAKER_NOUNS = (
    ROLE_WORDS
    | ORGANISATION_HEADS
    | INSTITUTION_NOUNS
    | _words(
        """
    people person man woman men women child children resident witness eyewitness
    observer critic supporter opponent protester demonstrator activist campaigner
    scientist researcher astronomer economist analyst expert specialist scholar
    academic historian investigator prosecutor lawmaker legislator politician official
    authority insider aide source staff worker employee student teacher parent family
    relative victim survivor fan voter citizen local villager neighbour neighbor
    farmer trader investor consumer customer passenger driver pilot soldier troop
    officer rebel militant fighter leader member delegate diplomat organizer organiser
    defendant plaintiff juror jury panel committee administration
    campaign company government ministry department agency regulator democrat
    republican conservative liberal owner manufacturer designer engineer nurse
    physician medic paramedic firefighter rescuer spokesperson friend colleague
    opposition prosecution defence defense
    """
    )
)

# Words that cannot name a speaker.
NON_SPEAKERS = _words("each those these some others all both many few one any statement release")

PRONOUNS = {
    "he": "person", "she": "person", "him": "person", "her": "person",
    "they": "group", "it": "organisation", "we": "group", "i": "person",
}  # fmt: skip

# Words that never start an actor's name (determiners and possessives).
LEADING_DETERMINERS = _words(
    """
    the a an its his her their our this that these those
    """
)
