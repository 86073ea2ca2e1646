"""Language per paragraph: runs, the article's language from them, tiny texts, and the
NLP stage parsing each run with its own language's model."""
import json

import pytest

import kb
from extract.analyse import analyse_text, extract_article
from extract.entities import find_entities
from extract.language import (
    LOW_CONFIDENCE,
    TINY_CONFIDENCE,
    detect_language,
    detect_languages,
    paragraph_spans,
)
from extract.quotes import find_quotes
from extract.records import Article, LanguageRun

WRAPPER_OPEN = (
    "The German Olympic Sports Confederation sent the following statement to the press on "
    "Monday. It is reproduced below in the original German, as it was received by our office."
)
GERMAN = [
    "Der Präsident des Deutschen Olympischen Sportbundes, Thomas Weikert, hat am Montag in "
    "Frankfurt die Pläne für eine deutsche Bewerbung um die Olympischen Spiele vorgestellt.",
    "„Wir sind bereit, und die Athletinnen und Athleten haben diese Chance verdient“, sagte "
    "Weikert. Die Entscheidung über den Standort soll im kommenden Jahr fallen, wie der Verband "
    "mitteilte.",
    "Der Verband hatte bereits im Herbst eine Befragung der Bevölkerung angekündigt. Auch die "
    "Bundesregierung unterstützt das Vorhaben nach Angaben eines Sprechers des Innenministeriums.",
]
WRAPPER_CLOSE = (
    "For more information about the bid, journalists can contact the press office of the "
    "confederation in Frankfurt, which also answers questions in English."
)
WRAPPED = "\n\n".join([WRAPPER_OPEN, *GERMAN, WRAPPER_CLOSE])

BILINGUAL = "\n\n".join([
    "The city of Lausanne and the International Olympic Committee today signed an agreement on "
    "the future of the Olympic House. \"This is a great day for our city,\" said Grégoire Junod, "
    "the mayor of Lausanne. The agreement runs for twenty years and covers the museum as well.",
    "The partners will present the details of the project to the public at a meeting in the "
    "spring, where residents will be able to ask their questions.",
    "La ville de Lausanne et le Comité International Olympique ont signé aujourd'hui un accord sur "
    "l'avenir de la Maison Olympique. « C'est un grand jour pour notre ville », a déclaré Grégoire "
    "Junod, le syndic de Lausanne. L'accord est conclu pour vingt ans et concerne aussi le musée.",
    "Les partenaires présenteront les détails du projet au public lors d'une réunion au printemps, "
    "où les habitants pourront poser leurs questions.",
])

CAPTION = "Foto: Der Präsident bei der Pressekonferenz in Frankfurt."
ENGLISH_WITH_CAPTION = "\n\n".join([
    "The International Olympic Committee has confirmed the dates of its next session, which will "
    "be held in Milan before the Winter Games. \"We are looking forward to it,\" said Thomas Bach, "
    "the IOC President, on Tuesday in Lausanne.",
    CAPTION,
    "The session will elect new members and decide on the programme of future editions of the "
    "Games, the committee said in a statement published on its website.",
])


def _run_languages(runs):
    return [run.language for run in runs]


def _covers_every_paragraph(text, runs):
    spans = paragraph_spans(text)
    assert runs[0].start == spans[0][0] and runs[-1].end == spans[-1][1]
    boundaries = {start for start, _ in spans} | {end for _, end in spans}
    for run, following in zip(runs, runs[1:]):
        assert run.end < following.start
        assert run.end in boundaries and following.start in boundaries


def test_english_wrapper_around_a_german_article():
    language, probability, runs = detect_languages(WRAPPED)
    assert _run_languages(runs) == ["en", "de", "en"]
    _covers_every_paragraph(WRAPPED, runs)
    assert WRAPPED[runs[1].start:runs[1].end] == "\n\n".join(GERMAN)
    assert all(run.probability > 0.9 for run in runs)
    # the language of the most words; its probability tells it is not the only one
    assert language == "de"
    assert 0.4 < probability < 0.9


def test_bilingual_release_has_an_english_and_a_french_run():
    language, probability, runs = detect_languages(BILINGUAL)
    assert _run_languages(runs) == ["en", "fr"]
    _covers_every_paragraph(BILINGUAL, runs)
    assert BILINGUAL[runs[1].start:].startswith("La ville de Lausanne")
    assert language in ("en", "fr") and probability < 0.9


def test_single_language_text_is_one_run_with_the_whole_text_detection():
    text = "\n\n".join(GERMAN)
    language, probability, runs = detect_languages(text)
    assert (language, probability) == detect_language(text)
    assert runs == [LanguageRun(0, len(text), language, probability)]


def test_a_german_caption_in_an_english_article_flips_nothing():
    language, probability, runs = detect_languages(ENGLISH_WITH_CAPTION)
    assert (language, probability) == detect_language(ENGLISH_WITH_CAPTION)
    assert language == "en"
    assert runs == [LanguageRun(0, len(ENGLISH_WITH_CAPTION), "en", probability)]
    single = analyse_text(ENGLISH_WITH_CAPTION, "en")
    with_runs = analyse_text(ENGLISH_WITH_CAPTION, "en", runs=runs)
    assert with_runs.to_dict() == single.to_dict()


@pytest.mark.parametrize("text", ["hello", "Hello", "hello!", "Hi there"])
def test_a_tiny_text_is_low_confidence_and_never_finnish(text):
    language, probability = detect_language(text)
    assert language != "fi"
    assert language == "en"
    assert probability <= TINY_CONFIDENCE < LOW_CONFIDENCE
    _, article_probability, runs = detect_languages(text)
    assert article_probability <= TINY_CONFIDENCE
    assert len(runs) == 1 and runs[0].probability <= TINY_CONFIDENCE


def test_a_tiny_text_with_a_rare_guess_is_barely_confident():
    for text in ("ok", "xyz", "Danke", "Merci", "Bonjour"):
        language, probability = detect_language(text)
        assert probability <= TINY_CONFIDENCE, text
    assert detect_language("Danke")[0] == "de"
    assert detect_language("Merci")[0] == "fr"


def test_empty_and_letterless_texts_have_no_runs():
    assert detect_languages("") == (None, 0.0, [])
    assert detect_languages("12 345 !!")[:2] == (None, 0.0)


def test_the_german_run_is_parsed_by_the_german_model():
    _, _, runs = detect_languages(WRAPPED)
    analysis = analyse_text(WRAPPED, "de", runs=runs)
    german = runs[1]
    part = WRAPPED[german.start:german.end]
    alone = find_entities(part, "de")
    inside = [m for m in analysis.entities if german.start <= m.start < german.end]
    assert [(m.start - german.start, m.end - german.start, m.label, m.text) for m in inside] == [
        (m.start, m.end, m.label, m.text) for m in alone
    ]
    assert any("Weikert" in m.text for m in inside)
    for mention in analysis.entities:
        assert WRAPPED[mention.start:mention.end] == mention.text
    quotes = [q for q in analysis.quotes if german.start <= q.start < german.end]
    assert quotes and all(q.language == "de" for q in quotes)
    for quote in analysis.quotes:
        assert WRAPPED[quote.start:quote.end] == quote.text
    expected = find_quotes(part, "de", people=alone)
    assert [(q.text, q.speaker) for q in quotes] == [(q.text, q.speaker) for q in expected]
    for date in analysis.dates:
        assert WRAPPED[date.start:date.end] == date.text


def test_the_english_wrapper_is_parsed_by_the_english_model():
    _, _, runs = detect_languages(WRAPPED)
    analysis = analyse_text(WRAPPED, "de", runs=runs)
    opening = runs[0]
    part = WRAPPED[opening.start:opening.end]
    inside = [m for m in analysis.entities if m.end <= opening.end]
    assert [(m.start, m.end, m.label) for m in inside] == [
        (m.start, m.end, m.label) for m in find_entities(part, "en")
    ]


def test_bilingual_quotes_take_their_paragraph_language():
    _, _, runs = detect_languages(BILINGUAL)
    analysis = analyse_text(BILINGUAL, "en", runs=runs)
    french_start = runs[1].start
    by_language = {(q.start >= french_start, q.language) for q in analysis.quotes}
    assert by_language == {(False, "en"), (True, "fr")}
    assert all(q.speaker and "Junod" in q.speaker for q in analysis.quotes)


def test_runs_in_one_model_language_change_nothing():
    text = "\n\n".join(GERMAN)
    runs = [LanguageRun(0, len(GERMAN[0]), "de", 0.99),
            LanguageRun(len(GERMAN[0]) + 2, len(text), "es", 0.95)]
    assert analyse_text(text, "de", runs=runs).to_dict() == analyse_text(text, "de").to_dict()


def _page(paragraphs, lang="en"):
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        "<title>DOSB statement on the Olympic bid</title>"
        '<meta property="article:published_time" content="2025-03-10T09:00:00+01:00"></head>'
        "<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><main><article>"
        f"<h1>DOSB statement on the Olympic bid</h1>\n{body}</article></main>"
        "<footer>© Example News</footer></body></html>"
    )


def test_extract_article_records_runs_and_uses_them():
    article = extract_article(_page([WRAPPER_OPEN, *GERMAN, WRAPPER_CLOSE]),
                              "https://news.example.org/2025/03/dosb-statement.html")
    languages = _run_languages(article.language_runs)
    assert "de" in languages and languages[0] == "en" and len(languages) >= 3
    assert article.language == "de"
    for run in article.language_runs:
        assert article.text[run.start:run.end].strip() == article.text[run.start:run.end]
    german = next(run for run in article.language_runs if run.language == "de")
    quotes = [q for q in article.quotes if german.start <= q.start < german.end]
    assert quotes and all(q.language == "de" for q in quotes)
    as_dict = article.to_dict()
    assert as_dict["language_runs"][0] == {"start": article.language_runs[0].start,
                                           "end": article.language_runs[0].end,
                                           "language": "en",
                                           "probability": article.language_runs[0].probability}
    json.dumps(as_dict)


def test_a_tiny_text_takes_the_source_language():
    article = extract_article(_page(["Hallo"], lang="de"), "https://news.example.org/hallo.html",
                              language_hint="fr", nlp=False)
    assert article.text == "Hallo"
    assert article.language == "fr"
    assert [run.language for run in article.language_runs] == ["fr"]
    assert article.language_probability <= TINY_CONFIDENCE


def test_runs_are_stored_with_the_article(tmp_path):
    import hashlib

    db = kb.open_db(tmp_path / "kb.sqlite")
    kb.upsert_sources(db, [{"name": "news", "title": "News", "kind": "news", "language": "en"}])
    language, probability, runs = detect_languages(WRAPPED)
    article = Article(url="https://news.example.org/a.html", title="A", text=WRAPPED,
                      language=language, language_probability=probability, language_runs=runs,
                      text_hash=hashlib.sha256(WRAPPED.encode()).hexdigest())
    aid, status = kb.store_article(db, article, source="news", url=article.url)
    assert status == "new"
    row = db["articles"].get(aid)
    assert json.loads(row["language_runs"]) == [run.to_dict() for run in runs]
    assert [r["language"] for r in json.loads(row["language_runs"])] == ["en", "de", "en"]
    kb.migrate(db)  # rerunnable
    assert "language_runs" in db["articles"].columns_dict
