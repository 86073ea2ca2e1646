"""Speaker attribution through the real NLP stage (parse → entities → quotes), one test
per error kind seen on real articles. The sentences are written for these tests."""
from __future__ import annotations

import pytest

from extract import attribution
from extract.analyse import analyse_text
from extract.attribution import WEIGHTS
from extract.attribution.features import FEATURES


def speakers(text: str, language: str) -> list[str | None]:
    return [q.speaker for q in analyse_text(text, language).quotes]


@pytest.mark.parametrize("text, language, speaker", [
    # the name before the quote, with a colon or a comma
    ("Marta Lindholm said: “The new track will be ready by March.”", "en", "Marta Lindholm"),
    ("After the race, Jonah Pike said, “I have never felt this tired in my life.”", "en", "Jonah Pike"),
    ("Jonas Albrecht sagte: „Die Halle wird im Frühjahr fertig.“", "de", "Jonas Albrecht"),
    ("Der Präsident des Ruderverbands, Henrik Solberg, sagte: „Wir brauchen mehr Trainer.“",
     "de", "Henrik Solberg"),
    ("Vor der Abstimmung äußerte sich die Ministerin Carla Brenner zuversichtlich: "
     "„Ich gehe von einer Mehrheit aus.“", "de", "Carla Brenner"),
])
def test_a_name_before_the_quote_is_its_speaker(text, language, speaker):
    assert speakers(text, language) == [speaker]


@pytest.mark.parametrize("text, language, speaker", [
    # surname only, coordinated verb
    ("Der Tennisprofi Luka Kovac gewann in drei Sätzen. Kovac bedankte sich bei den Zuschauern "
     "und sagte: „Ohne euch hätte ich das nicht geschafft.“", "de", "Luka Kovac"),
    # separable verb, the particle after the speaker
    ("Trainer Oskar Brandt war zufrieden. „Die Abwehr stand heute sicher“, stellte Brandt nach "
     "dem Spiel fest.", "de", "Oskar Brandt"),
])
def test_surnames_coordinated_and_separable_verbs(text, language, speaker):
    assert speakers(text, language) == [speaker]


@pytest.mark.parametrize("text", [
    "“The budget is not negotiable,” said Sen. Laura Whitfield on Tuesday.",
    "“The budget is not negotiable,” Rep. Laura Whitfield told reporters.",
    "Mr. Laura Whitfield? No: “The budget is not negotiable,” said Laura Whitfield.",
])
def test_an_abbreviated_title_is_not_the_name(text):
    assert speakers(text, "en")[-1] == "Laura Whitfield"


@pytest.mark.parametrize("text, language, speaker", [
    ("“We will appeal the decision,” club spokesman Eli Warren said on Monday.", "en", "Eli Warren"),
    ("“We will appeal the decision,” Whitfield spokesman Eli Warren said. Laura Whitfield "
     "did not comment.", "en", "Eli Warren"),
    ("Die Sprecherin der Stiftung Sportgerecht, Ina Morales, sagte: „Wir prüfen die Klage.“",
     "de", "Ina Morales"),
])
def test_an_organisation_or_a_modifying_name_is_not_the_speaker(text, language, speaker):
    assert speakers(text, language) == [speaker]


@pytest.mark.parametrize("text, language", [
    # a word opening the sentence
    ("Ähnlich äußerte sich ein Vertreter der Stadt: „Das Stadion bleibt offen.“", "de"),
    # two words glued at a missing space after a full stop
    ("„Wir halten an dem Plan fest“, sagte der Vorsitzende Berger.Danach verließ er den Saal.",
     "de"),
])
def test_an_ordinary_word_is_not_a_name(text, language):
    found = speakers(text, language)
    assert found and all(s in (None, "Berger") for s in found), found


@pytest.mark.parametrize("text, language, speaker", [
    # the person talked about
    ("Über den verletzten Kapitän Tom Lindner sagte Trainerin Ada Berger: „Er fehlt uns sehr.“",
     "de", "Ada Berger"),
    ("Speaking about Tom Lindner, coach Ada Berger said: “He is irreplaceable.”", "en", "Ada Berger"),
    # the interviewer
    ("Asked by host Nils Halvorsen about the bid, Rosa Ruiz said: “We are not giving up.”",
     "en", "Rosa Ruiz"),
])
def test_the_person_talked_about_or_the_interviewer_is_not_the_speaker(text, language, speaker):
    assert speakers(text, language) == [speaker]


def test_the_next_sentence_speaker_does_not_take_a_finished_quote():
    text = ("Die Ministerin Carla Brenner erklärte: „Wir beteiligen uns nicht.“ "
            "Der Bürgermeister Paul Anders erklärte, die Stadt plane weiter.")
    assert speakers(text, "de") == ["Carla Brenner"]


def test_a_split_quote_is_attributed_by_its_middle():
    text = "“We were ready,” Jonah Pike said after the final. “The ice was perfect.”"
    assert speakers(text, "en") == ["Jonah Pike"]


def test_a_quote_continuing_the_last_speaker_keeps_them():
    text = ("Marta Lindholm said: “The track will be ready by March.”\n\n"
            "“After that we can host the European championships.”")
    assert speakers(text, "en") == ["Marta Lindholm", "Marta Lindholm"]


def test_no_evidence_gives_no_speaker():
    text = ("The report was published on Monday.\n\n“Everything changed after the storm, and nobody "
            "in the valley has forgotten that night.”")
    assert speakers(text, "en") == [None]


def test_every_feature_has_a_weight_and_every_weight_a_feature():
    assert set(FEATURES) == set(WEIGHTS)


@pytest.mark.parametrize("text, language, expected", [
    ("Die Sprecherin der Stiftung Sportgerecht, Ina Morales, sagte: „Wir prüfen die Klage.“", "de",
     ("Ina Morales", "Sprecherin", "Stiftung Sportgerecht")),
    ("„Wir prüfen die Klage“, sagte Ina Morales, Sprecherin des Deutschen Ruderverbands.", "de",
     ("Ina Morales", "Sprecherin", "Deutschen Ruderverbands")),
    ("White House deputy press secretary Eli Warren said: “We will appeal the ruling.”", "en",
     ("Eli Warren", "deputy press secretary", "White House")),
    ("“We will appeal,” said Eli Warren, a two-time Olympian from Norway.", "en",
     ("Eli Warren", "two-time Olympian", None)),
    ("« Nous ferons appel », a déclaré Ina Morales, porte-parole des Services juridiques du CIO.",
     "fr", ("Ina Morales", "porte-parole des Services juridiques", "CIO")),
])
def test_role_and_organisation_split(text, language, expected):
    quotes = analyse_text(text, language).quotes
    assert [(q.speaker, q.role, q.organisation) for q in quotes] == [expected]


def test_the_organisation_after_vom_is_not_the_speaker():
    # "X vom Bankhaus Y sagte": Y, whatever the model calls it, is the object of "vom"
    from extract.quotes import find_quotes
    from extract.records import Mention

    text = ("Die Anleger blieben ruhig. Greta Sommerfeld vom Bankhaus Hollweg Brandis sagte dazu: "
            "„Solche Zahlungen hat es in vielen Unternehmen gegeben, das ist kein Grund zur Panik.“")
    people = [Mention(text="Greta Sommerfeld", label="PER", start=text.index("Greta"),
                      end=text.index("Greta") + len("Greta Sommerfeld")),
              Mention(text="Hollweg Brandis", label="PER", start=text.index("Hollweg"),
                      end=text.index("Hollweg") + len("Hollweg Brandis"))]
    assert [q.speaker for q in find_quotes(text, "de", people=people)] == ["Greta Sommerfeld"]


@pytest.mark.parametrize("text, language, speaker", [
    ("„Die Kinder mussten vor der Kamera gut aussehen“, sagte Zhou Mingyu zur Wahl der Sängerin.",
     "de", "Zhou Mingyu"),
    ("“We will build it together,” said Park Ji-hoon, the club captain.", "en", "Park Ji-hoon"),
])
def test_a_family_name_given_first_keeps_the_given_name(text, language, speaker):
    assert speakers(text, language) == [speaker]


@pytest.mark.parametrize("text, expected", [
    # a short quote whose reporting clause goes on after the comma, with a verb no lexicon has
    ("Security was called. “Get out of my hall,” Dana Whitlock barked at the reporter.", 1),
    ("“You have done this before,” the referee snapped, and walked away.", 1),
    # a list of titles in marks is no quote
    ("The band played “Summer Nights,” “Harbour Lights,” and “Old Roads” on Friday.", 0),
])
def test_a_reporting_clause_after_the_comma_makes_a_short_quote(text, expected):
    assert len(analyse_text(text, "en").quotes) == expected


def test_a_mark_that_shortens_a_year_or_word_opens_no_quote():
    text = ("Voters remember ‘08 and the long primary. “We will win this state again,” "
            "Nora Quist said. Folks talk ‘bout it every day.")
    quotes = analyse_text(text, "en").quotes
    assert [q.text for q in quotes] == ["We will win this state again"]


def test_a_title_that_ends_the_sentence_is_no_quote():
    text = ("The paper ran a story under the headline “Surge In Harbour Robberies Alters "
            "Residents’ Daily Routines.” It was read widely.")
    assert analyse_text(text, "en").quotes == []


def test_a_long_sentence_whose_verb_leads_into_the_next_quote_keeps_two_quotes():
    # the sentence between the quotes introduces the second one, however long it is
    text = ("On the radio, Lena Marsh said, “We never promised a new stadium.” Asked whether "
            "the city council had ever seen the plans that the federation drew up last spring, "
            "Marsh replied, “Not that I know of.”")
    quotes = analyse_text(text, "en").quotes
    assert [q.text for q in quotes] == ["We never promised a new stadium.", "Not that I know of."]
    assert [q.speaker for q in quotes] == ["Lena Marsh", "Lena Marsh"]


def test_the_lazy_decision_picks_what_scoring_every_candidate_picks(monkeypatch):
    # decide() skips the costly features of candidates that cannot win any more; it must
    # name the same speakers as scoring every candidate in full (choose(describe(...)))
    texts = [
        ("“We will be ready,” said Maria Keller, the federation’s president. Her deputy, Jon "
         "Aas, added: “The venue is booked.” Asked about the budget, Keller said it was fixed. "
         "“Nobody told us,” the coach of the team, Ana Silva, said later.", "en"),
        ("„Wir sind bereit“, sagte Verbandspräsidentin Maria Keller. Über Jon Aas sagte sie: "
         "„Er hat viel getan.“ Der Trainer, Paul Brandt, ergänzte: „Die Halle ist gebucht.“", "de"),
    ]
    lazy = [[(q.text, q.speaker) for q in analyse_text(t, lang).quotes] for t, lang in texts]

    def score_all(ctx, candidates, regions, span):
        return attribution.choose(attribution.describe(ctx, candidates, regions, span))[0]

    monkeypatch.setattr(attribution, "decide", score_all)
    full = [[(q.text, q.speaker) for q in analyse_text(t, lang).quotes] for t, lang in texts]
    assert lazy == full
    assert all(speaker for quotes in full for _, speaker in quotes)
