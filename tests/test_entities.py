"""Entity recognition and linking: gazetteer, person rules, chaining, KB-learned names."""
from __future__ import annotations

import re

import pytest

from extract import entities, known_entities, pipelines
from extract.entities import find_entities, find_person_roles, parse
from extract.known_entities import KnownEntities, learn_entities
from extract.linking import (
    AliasIndex,
    Entity,
    entity_id_for,
    fold,
    gazetteer_index,
    german_inflections,
    load_gazetteer,
    match_key,
    parse_gazetteer,
    place_index,
)

IOC = "org:international-olympic-committee"


def mentions_of(text: str, language: str, **kwargs) -> dict[str, list]:
    """Surface text -> mentions with that text."""
    found: dict[str, list] = {}
    for mention in find_entities(text, language, **kwargs):
        found.setdefault(mention.text, []).append(mention)
    return found


# --- linking tables -----------------------------------------------------------------------


def test_fold_and_match_key_ignore_case_diacritics_and_articles():
    assert fold("Malagò") == "malago"
    assert fold("Fußball-Bund") == "fussball-bund"
    assert match_key("the IOC's") == match_key("IOC")
    assert match_key("Procter & Gamble") == match_key("Procter and Gamble")


def test_german_inflections_cover_genitive_and_dative():
    forms = german_inflections("Internationales Olympisches Komitee")
    assert {"Internationalen Olympischen Komitee", "Internationalen Olympischen Komitees"} <= forms
    assert "Olympischen Spielen" in german_inflections("Olympische Spiele")
    # A noun before a place name is not an adjective: its ending stays on the noun.
    forms = german_inflections("Olympische Jugend-Winterspiele Gangwon 2024")
    assert "Olympischen Jugend-Winterspiele Gangwon 2024" in forms
    assert not any("Jugend-Winterspieler" in form or "Jugend-Winterspielem" in form for form in forms)


@pytest.mark.parametrize(
    "surface",
    ["IOC", "International Olympic Committee", "Internationalen Olympischen Komitees", "des IOC",
     "Comité International Olympique", "CIO"],
)
def test_alias_index_links_every_language_to_one_id(surface):
    assert gazetteer_index().lookup(surface).id == IOC


def test_acronyms_keep_their_case():
    index = gazetteer_index()
    assert index.lookup("COE") is not None
    assert index.lookup("Coe") is None  # Sebastian Coe is not an Olympic committee
    assert index.lookup("ioc") is None


def test_person_mentions_are_not_linked_to_organisations():
    assert gazetteer_index().lookup("Visa", "PER") is None
    assert gazetteer_index().lookup("Visa", "ORG").id == "org:visa"


def test_gazetteer_has_the_required_groups_with_typed_unique_ids():
    entities_by_id = {e.id: e for e in load_gazetteer()}
    for required in [IOC, "org:ioc-executive-board", "org:olympic-solidarity", "org:olympic-broadcasting-services",
                     "org:german-olympic-sports-confederation", "org:united-states-olympic-paralympic-committee",
                     "org:fis", "org:world-athletics", "org:alibaba-group", "org:alibaba-com", "org:aliexpress",
                     "org:alisports", "org:procter-gamble", "org:mengniu", "org:ab-inbev", "event:paris-2024",
                     "event:milano-cortina-2026", "event:gangwon-2024", "event:dakar-2026", "org:la28"]:
        assert required in entities_by_id, required
    for entity_id, entity in entities_by_id.items():
        assert re.fullmatch(r"(org|per|loc|event|product):[a-z0-9-]+", entity_id), entity_id
    paris = entities_by_id["event:paris-2024"]
    assert "Olympische Spiele Paris 2024" in paris.german
    assert "Jeux Olympiques de Paris 2024" in paris.french


def test_duplicate_gazetteer_ids_are_rejected():
    row = {"id": "org:x", "name": "X"}
    with pytest.raises(ValueError, match="duplicate"):
        parse_gazetteer({"entities": [row, row]})


def test_later_sources_do_not_override_the_gazetteer():
    impostor = Entity(id="org:impostor", name="IOC Fan Club", aliases=("IOC",))
    index = AliasIndex.build(load_gazetteer(), [impostor])
    assert index.lookup("IOC").id == IOC
    assert index.lookup("IOC Fan Club").id == "org:impostor"


# --- recognition --------------------------------------------------------------------------


def test_english_and_german_articles_link_the_ioc_to_one_entity():
    english = mentions_of(
        "The International Olympic Committee (IOC) has partnered with Alibaba.com. "
        "The IOC said the programme would run online.", "en")
    german = mentions_of(
        "Alibaba.com kooperiert mit dem Internationalen Olympischen Komitee (IOC). "
        "Die Initiative des IOC unterstützt Athleten.", "de")
    for found in (english, german):
        assert all(m.entity_id == IOC and m.label == "ORG" for m in found["IOC"])
        assert len(found["IOC"]) == 2
        assert found["Alibaba.com"][0].entity_id == "org:alibaba-com"
    assert english["International Olympic Committee"][0].entity_id == IOC
    assert german["Internationalen Olympischen Komitee"][0].entity_id == IOC
    assert german["Internationalen Olympischen Komitee"][0].method == "gazetteer"


def test_games_editions_are_events_in_three_languages():
    cases = [
        ("Alibaba Cloud will support Milano Cortina 2026 and the Olympic Games Paris 2024.", "en"),
        ("Im Vorfeld der Olympischen Spiele Paris 2024 und von Mailand-Cortina 2026 wirbt Omega.", "de"),
        ("Omega chronomètre les Jeux Olympiques de Paris 2024 et Milano Cortina 2026.", "fr"),
    ]
    for text, language in cases:
        ids = {m.entity_id for m in find_entities(text, language) if m.label == "EVENT"}
        assert {"event:paris-2024", "event:milano-cortina-2026"} <= ids, (language, ids)


def test_single_word_names_match_case_sensitively():
    found = mentions_of("Visa signed the deal. Athletes still need a visa to travel.", "en")
    assert [m.entity_id for m in found["Visa"]] == ["org:visa"]
    assert "visa" not in found


def test_name_chaining_links_surnames_to_the_full_name():
    text = ("A masterclass was delivered by Tony Parker, a two-time Olympian. "
            "Parker serves as a global brand ambassador.")
    found = mentions_of(text, "en")
    assert [m.entity_id for m in found["Parker"]] == ["per:tony-parker"]
    assert found["Parker"][0].canonical == "Tony Parker"


def test_german_rules_find_speakers_and_chain_their_surnames():
    text = ("„Wir unterstützen die Athleten“, sagte Laura Hoffmeister, Präsidentin des Deutschen "
            "Olympischen Sportbundes. Später ergänzte Hoffmeister, das Programm laufe bis 2028.")
    found = mentions_of(text, "de")
    assert found["Laura Hoffmeister"][0].label == "PER"
    assert found["Laura Hoffmeister"][0].entity_id == "per:laura-hoffmeister"
    assert [m.entity_id for m in found["Hoffmeister"]] == ["per:laura-hoffmeister"]
    assert found["Deutschen Olympischen Sportbundes"][0].entity_id == "org:german-olympic-sports-confederation"


def test_person_roles_in_german_and_english():
    german = find_person_roles(
        "„Das ist ein Signal“, sagte Kaveh Mehrabi, Direktor der Athletenabteilung des IOC. "
        "DOSB-Präsident Thomas Weikert stimmte zu.", "de")
    by_name = {r.name: r for r in german}
    assert by_name["Kaveh Mehrabi"].role == "Direktor"
    assert by_name["Kaveh Mehrabi"].organisation_id == "org:ioc-athletes-department"
    assert by_name["Thomas Weikert"].role == "DOSB-Präsident"
    english = find_person_roles("Commenting on the deal, Zhang Dazhong, Chief Executive of Alisports, said.", "en")
    assert [(r.name, r.organisation_id) for r in english] == [("Zhang Dazhong", "org:alisports")]


def test_german_compound_prefix_names_the_organisation():
    found = mentions_of("DOSB-Präsident Thomas Weikert und Allianz-Chef Oliver Bäte trafen sich.", "de")
    assert found["DOSB"][0].entity_id == "org:german-olympic-sports-confederation"
    assert found["Allianz"][0].entity_id == "org:allianz"
    assert found["Thomas Weikert"][0].label == "PER"


def test_known_entities_from_the_kb_are_matched_in_any_language():
    known = [{"id": "org:globex-sports", "canonical": "Globex Sports Network", "type": "ORG",
              "aliases": ["Globex Sports", "GSN"]}]
    text = "Das Globex Sports Network überträgt die Spiele; GSN zahlte 20 Millionen."
    found = mentions_of(text, "de", known_entities=known)
    assert found["Globex Sports Network"][0].method == "kb"
    assert found["Globex Sports Network"][0].entity_id == "org:globex-sports"
    assert found["GSN"][0].entity_id == "org:globex-sports"
    prepared = KnownEntities(known)
    assert [m.entity_id for m in find_entities(text, "de", known_entities=prepared) if m.method == "kb"] == [
        "org:globex-sports", "org:globex-sports"]


def test_mentions_carry_offsets_and_their_sentence():
    text = "Allianz is a partner. The IOC confirmed it in Lausanne."
    for mention in find_entities(text, "en"):
        assert text[mention.start : mention.end] == mention.text
        assert mention.text in mention.sentence
        assert mention.method in {"model", "gazetteer", "rule", "kb"}
        assert 0 < mention.confidence <= 1
    assert next(m for m in find_entities(text, "en") if m.text == "IOC").sentence == "The IOC confirmed it in Lausanne."


def test_one_parse_can_be_shared():
    text = "Das IOC und Alibaba verlängern ihre Partnerschaft."
    doc = parse(text, "de")
    assert find_entities(text, "de", doc=doc) == find_entities(text, "de")


@pytest.mark.parametrize("language", [None, "", "es", "zh", "xx-unknown"])
def test_unsupported_languages_give_no_entities(language):
    assert parse("Der IOC-Präsident sprach in Lausanne.", language) is None
    assert find_entities("The IOC met in Lausanne.", language) == []


@pytest.mark.parametrize("text", ["", " ", "\x00\x00", "!!! ??? ...", "🏅" * 50, "IOC" * 500, "- - -"])
def test_odd_input_does_not_crash(text):
    for language in ("en", "de"):
        for mention in find_entities(text, language):
            assert 0 <= mention.start < mention.end <= len(text)


def test_huge_text_is_cut(monkeypatch):
    monkeypatch.setattr(pipelines, "MAX_TEXT_CHARS", 2_000)
    text = "Das IOC tagt in Lausanne. " * 1_000
    found = find_entities(text, "de")
    assert found and max(m.end for m in found) <= 2_000


def test_region_codes_are_accepted():
    assert pipelines.normalise_language("en-GB") == "en"
    assert pipelines.normalise_language("DE_at") == "de"
    assert entity_id_for("PER", "Giovanni Malagò") == "per:giovanni-malago"


def test_names_found_in_english_are_learned_and_matched_in_german():
    english = ("Marketing chief Jorinde Vasquez-Lindqvist met reporters. "
               "Jorinde Vasquez-Lindqvist said the deal was signed. The IOC agreed.")
    learned = learn_entities(find_entities(english, "en"))
    assert [(r["id"], r["type"]) for r in learned] == [("per:jorinde-vasquez-lindqvist", "PER")]
    german = "Die Managerin Jorinde Vasquez-Lindqvist war dabei."
    found = mentions_of(german, "de", known_entities=learned)
    assert found["Jorinde Vasquez-Lindqvist"][0].entity_id == "per:jorinde-vasquez-lindqvist"
    assert found["Jorinde Vasquez-Lindqvist"][0].method in {"kb", "model", "rule"}


def test_a_corrupt_german_model_is_reported_and_rules_still_run(tmp_path, monkeypatch, caplog):
    (tmp_path / "config.cfg").write_text("[nlp]\nlang = \"de\"\npipeline = [\"ner\"\n", encoding="utf-8")
    monkeypatch.setattr(pipelines, "GERMAN_MODEL_DIR", tmp_path)
    pipelines._pipeline.cache_clear()
    try:
        info = pipelines.pipeline_info("de")
        assert info.model is None and str(tmp_path) in info.error
        assert str(tmp_path) in caplog.text
        found = mentions_of("Das Internationale Olympische Komitee tagt.", "de")
        assert found["Internationale Olympische Komitee"][0].entity_id == IOC
    finally:
        pipelines._pipeline.cache_clear()


def test_sporting_descriptions_introduce_names_in_german():
    text = ("Alibaba.com gewann den zweifachen Olympioniken Noah Kowalczyk als Botschafter. "
            "„Ich kaufe dort regelmäßig ein“, sagte Kowalczyk im Juli.")
    found = mentions_of(text, "de")
    assert found["Noah Kowalczyk"][0].label == "PER"
    assert [m.entity_id for m in found["Kowalczyk"]] == ["per:noah-kowalczyk"]


def test_an_incomplete_german_model_directory_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(pipelines, "GERMAN_MODEL_DIR", tmp_path)
    pipelines._pipeline.cache_clear()
    try:
        info = pipelines.pipeline_info("de")
        assert info.model is None and str(tmp_path) in info.error
        assert find_entities("Das IOC tagt.", "de")[0].entity_id == IOC
    finally:
        pipelines._pipeline.cache_clear()


def test_generic_names_need_their_context():
    with_ioc = mentions_of("The IOC met in Lausanne. The Executive Board approved the programme.", "en")
    assert with_ioc["Executive Board"][0].entity_id == "org:ioc-executive-board"
    without = mentions_of("Siemens said the Executive Board approved the budget.", "en")
    assert all(m.entity_id != "org:ioc-executive-board" for ms in without.values() for m in ms)


def test_places_link_across_languages_without_blocking_longer_names():
    assert place_index().lookup("Mailand").id == "loc:milan"
    assert place_index().lookup("Senegals").id == "loc:senegal"
    ids = {row["id"] for row in known_entities.gazetteer_entities()}
    assert {"loc:milan", "loc:germany", IOC} <= ids
    found = mentions_of("Die Spiele finden in Mailand statt. Paris Saint-Germain gewann.", "de")
    assert "Paris" not in found  # places are linked, not matched inside other names


@pytest.mark.parametrize("text", ["-" * 60_000, "IOC-Präsident " * 4_000, "Anna Beispiel, Präsidentin. " * 2_000])
def test_pathological_input_gives_bounded_output(text):
    found = find_entities(text, "de")
    assert len(found) <= len(text.split())
    assert all(0 <= m.start < m.end <= len(text) for m in found)


# --- first-name evidence for people -------------------------------------------------------


def _model_candidate(text: str, surface: str, label: str) -> "entities.Candidate":
    start = text.index(surface)
    return entities.Candidate(start, start + len(surface), label, "model", None, entities.CONFIDENCE["model"])


def _after_first_name_rule(text: str, language: str, tagged: list[tuple[str, str]]) -> dict[str, str]:
    import spacy

    doc = spacy.blank(language)(text)
    chosen = [_model_candidate(text, surface, label) for surface, label in tagged]
    entities._first_name_people(doc, text, chosen)
    return {text[c.start : c.end]: c.label for c in chosen}


def test_a_name_opening_with_a_first_name_is_a_person_not_an_organisation():
    text = "Greta Lindqvist, Bell Canada and the Louis Vuitton Foundation met Oskar Wendt today."
    found = _after_first_name_rule(text, "en", [
        ("Greta Lindqvist", "ORG"),
        ("Bell Canada", "ORG"),  # a place in the name: a company
        ("Louis Vuitton Foundation", "ORG"),  # an organisation word
        ("Oskar", "ORG"),  # only the first name was tagged
    ])
    assert found == {
        "Greta Lindqvist": "PER",
        "Bell Canada": "ORG",
        "Louis Vuitton Foundation": "ORG",
        "Oskar Wendt": "PER",
    }


def test_organisations_named_after_people_stay_organisations():
    text = "Hertha BSC, Porsche Design und die Rafael Nadal Academy; Roland Garros war voll."
    found = _after_first_name_rule(text, "de", [
        ("Hertha BSC", "ORG"), ("Porsche Design", "ORG"), ("Rafael Nadal Academy", "ORG"), ("Roland", "MISC"),
    ])
    assert found == {"Hertha BSC": "ORG", "Porsche Design": "ORG", "Rafael Nadal Academy": "ORG", "Roland": "MISC"}


def test_a_lone_first_name_takes_one_surname_with_its_particles_and_hyphens():
    text = "Anna Schmidt Gold gewann vor Jessica von Bredow-Werndl Silber."
    found = _after_first_name_rule(text, "de", [("Anna", "PER"), ("Jessica", "ORG")])
    assert found == {"Anna Schmidt": "PER", "Jessica von Bredow-Werndl": "PER"}


def test_the_first_name_rule_runs_in_find_entities():
    # The small English model tags only "Armand" here, as an organisation.
    found = mentions_of("Armand Duplantis cleared six metres again in Stockholm.", "en")
    assert found["Armand Duplantis"][0].label == "PER"


def test_first_name_rule_leaves_linked_mentions_alone():
    import spacy

    text = "Greta Lindqvist and Thomas Bach"
    doc = spacy.blank("en")(text)
    linked = _model_candidate(text, "Greta Lindqvist", "ORG")
    linked.entity = Entity(id="org:greta-lindqvist-ab", name="Greta Lindqvist", type="ORG")
    entities._first_name_people(doc, text, [linked])
    assert linked.label == "ORG"


def test_first_name_list_ships_without_titles_adjectives_or_places():
    names = __import__("extract.names", fromlist=["first_names"]).first_names()
    assert {"Greta", "Anna", "Thomas", "Léon"} <= names
    assert not {"General", "Prince", "Long", "Paris", "Jordan", "The"} & names


def test_a_title_case_headline_does_not_swallow_words_into_a_name():
    found = mentions_of("Sports Minister Anna Keller Visits Training Centre In Leipzig", "en")
    assert "Anna Keller" in found and found["Anna Keller"][0].label == "PER"
    assert not any("Visits" in text for text in found)
    assert "Marta Silva" in mentions_of("Coach Marta Silva Praises Young Squad after the Victory", "en")
    assert "Anne-Sophie Voumard" in mentions_of("Sports Minister Anne-Sophie Voumard Visits Training Centre", "en")
    assert "Anna Keller" in mentions_of("IOC's Sports Director Anna Keller Visits Training Centre", "en")
    # A double first name at the end of a line is kept whole.
    assert "Anna Maria Keller" in mentions_of("Kontakt: Pressesprecherin Anna Maria Keller", "de")
    # A sentence dense with names keeps its full names: its verb is in lower case.
    found = mentions_of("Foreign Minister Maria Luisa Fernández Ortega met the Olympic Council in Doha.", "en")
    assert any(text.startswith("Maria Luisa") and len(text.split()) >= 3 for text in found)


def test_a_title_and_a_surname_refer_to_the_person_named_in_full():
    text = ("Claire Montandon, directrice des Services aux athlètes, a présenté le programme. "
            "Selon Mme Montandon, les athlètes sont prêts.")
    people = {m.text: m.entity_id for m in find_entities(text, "fr") if m.label == "PER"}
    assert people == {"Claire Montandon": "per:claire-montandon", "Mme Montandon": "per:claire-montandon"}
