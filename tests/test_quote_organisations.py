"""A quote's organisation is linked to its canonical entity (sentences written for these
tests; the sample KB built by the real pipeline)."""
import json
import sqlite3

from extract.analyse import link_organisations
from extract.records import Mention, Quote


def org(text, start, entity_id, canonical=None):
    return Mention(text=text, start=start, end=start + len(text), label="ORG",
                   entity_id=entity_id, canonical=canonical)


def test_the_named_organisation_links_exactly_or_by_its_whole_name():
    quotes = [Quote(text="a", start=100, end=120, organisation="the Hellwig Foundation"),
              Quote(text="b", start=300, end=320, organisation="Head of Legal at Hellwig Foundation Europe"),
              Quote(text="c", start=500, end=520, organisation="Hellwigs"),
              Quote(text="d", start=700, end=720, organisation=None)]
    entities = [org("Hellwig Foundation", 10, "org:hellwig-foundation"),
                org("Hellwig Foundation Europe", 280, "org:hellwig-foundation-europe"),
                Mention(text="Hellwig", start=600, end=607, label="PER", entity_id="per:x")]
    link_organisations(quotes, entities)
    assert [q.organisation_entity_id for q in quotes] == [
        "org:hellwig-foundation", "org:hellwig-foundation-europe", None, None]


def test_sample_kb_quotes_link_their_organisation(crawled):
    db_path, _, _ = crawled
    conn = sqlite3.connect(db_path)
    rows = conn.execute("""select q.organisation, e.canonical, e.type from quotes q
                           join entities e on e.id = q.organisation_entity_id""").fetchall()
    assert rows, "no quote of the sample site links its organisation"
    assert all(kind == "ORG" for _, _, kind in rows)
    # every linked organisation is named by its entity's canonical name or an alias
    for organisation, canonical, _ in rows:
        aliases = conn.execute("select aliases from entities where canonical = ?", (canonical,)).fetchone()[0]
        assert canonical.lower() in organisation.lower() or any(
            a.lower() in organisation.lower() for a in json.loads(aliases or "[]")), organisation


def test_every_quoted_person_gets_an_entity():
    from extract.analyse import link_speakers

    text = ("Lindqvist Sports opened a lab. “We train forty coaches,” said Mira Hallberg-Okafor, "
            "its director. “The rest follow in May,” she added.")
    quotes = [Quote(text="We train forty coaches", start=33, end=57, speaker="Mira Hallberg-Okafor"),
              Quote(text="x", start=110, end=130, speaker="Lindqvist Sports")]
    entities = [org("Lindqvist Sports", 0, "org:lindqvist-sports")]
    found = link_speakers(text, quotes, entities)
    person = [m for m in found if m.label == "PER"]
    assert [(m.text, m.entity_id) for m in person] == [("Mira Hallberg-Okafor", "per:mira-hallberg-okafor")]
    assert text[person[0].start:person[0].end] == "Mira Hallberg-Okafor"
    assert quotes[0].speaker_entity_id == "per:mira-hallberg-okafor"
    assert quotes[1].speaker_entity_id is None  # an organisation speaking gets no person


def test_sample_kb_every_quoted_person_has_an_entity_page(crawled):
    db_path, _, _ = crawled
    conn = sqlite3.connect(db_path)
    missing = conn.execute("""select q.speaker from quotes q
        where q.speaker is not null and q.speaker_entity_id is null
          and q.speaker not in (select canonical from entities where type = 'ORG')""").fetchall()
    assert missing == []
