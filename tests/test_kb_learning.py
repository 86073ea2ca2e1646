"""What the KB learns must never spread a wrong person: bare surnames only where the
article names the person in full, shared aliases refused, learned people that look like
people, two sources before a name is trusted, family-name-first names kept whole."""
from __future__ import annotations

from extract.analyse import analyse_text
from extract.entities import find_entities
from extract.known_entities import learn_entities
from extract.records import Mention


def person(name: str, *aliases: str) -> dict:
    slug = name.lower().replace(" ", "-")
    return {"id": f"per:{slug}", "canonical": name, "type": "PER", "aliases": list(aliases)}


def kb_people(text: str, language: str, known: list[dict]) -> list[tuple[str, str]]:
    return [(m.text, m.canonical) for m in find_entities(text, language, known_entities=known)
            if m.method == "kb" and m.label == "PER"]


KNOWN = [person("Lena Koch", "Koch"), person("Daniel Price", "Price"), person("Min-jun Kim", "Kim")]


def test_a_confirmed_surname_is_no_person_in_an_article_that_does_not_name_them():
    assert kb_people("Der Koch des Teamhotels bereitete am Abend das Essen zu.", "de", KNOWN) == []
    assert kb_people("Price rises hit the federation's travel budget this season.", "en", KNOWN) == []


def test_a_confirmed_surname_matches_where_the_article_names_the_full_name():
    text = "Daniel Price won the sprint in Oslo. Later Price thanked his coach."
    found = [m for m in find_entities(text, "en", known_entities=KNOWN) if m.text == "Price"]
    assert found and all(m.canonical == "Daniel Price" for m in found)


def test_a_quote_by_another_person_of_the_same_family_name_keeps_its_own_speaker():
    text = "Kim Ji-woo, the Korean speed skater, said: “We are ready for the final in Milan.”"
    quotes = analyse_text(text, "en", known_entities=KNOWN).quotes
    assert [q.speaker for q in quotes] == ["Kim Ji-woo"]


def test_an_alias_two_entities_share_names_neither():
    known = [person("Nadia Brooks", "Brooks"),
             {"id": "org:brooks-athletic", "canonical": "Brooks Athletic", "type": "ORG",
              "aliases": ["Brooks"]}]
    text = "Brooks opened a shop in Lyon. Nadia Brooks was there."
    brooks = [m for m in find_entities(text, "en", known_entities=known)
              if m.text == "Brooks" and m.method == "kb"]
    assert brooks == []


def mention(text: str, label: str = "PER") -> Mention:
    return Mention(text, 0, len(text), label, text, None, "model")


def test_a_learned_person_must_look_like_a_person():
    learned = learn_entities([mention("Brooks Athletic"), mention("Brooks Athletic"),
                              mention("Tessa Vinter"), mention("Tessa Vinter")])
    assert [r["canonical"] for r in learned] == ["Tessa Vinter"]


def test_a_name_stays_pending_until_two_sources_use_it():
    mentions = [mention("Tessa Vinter"), mention("Tessa Vinter")]
    one = {"per:tessa-vinter": {"tradepress"}}
    two = {"per:tessa-vinter": {"tradepress", "ioc-news"}}
    assert learn_entities(mentions, sources=one) == []
    assert [r["canonical"] for r in learn_entities(mentions, sources=two)] == ["Tessa Vinter"]


def test_family_name_first_names_are_learned_whole():
    learned = learn_entities([mention("Han Seo-yeon"), mention("Han Seo-yeon")])
    assert [r["canonical"] for r in learned] == ["Han Seo-yeon"]
