"""A translated quote joins its original's quote group: "carried by N outlets" counts
the translation (real SQLite; the linkage steps as a store step runs them)."""
import hashlib

import pytest

import kb
from extract.records import Article, DateMention, Mention, Quote
from kb.linkage import link_articles

QUOTE_EN = "Good coaching changes a whole club, not only the athletes who win medals"
QUOTE_DE = "Gutes Coaching verändert einen ganzen Verein, nicht nur die Athleten, die Medaillen gewinnen"
QUOTE_FR = "Un bon encadrement change tout un club, pas seulement les athlètes qui gagnent des médailles"
ENTITIES = [("Kestrel Cloud", "ORG", "org:kestrel-cloud"), ("IOC", "ORG", "org:ioc"),
            ("Coach Connect", "EVENT", "event:coach-connect"), ("Mara Quist", "PER", "per:mara-quist"),
            ("Lausanne", "LOC", "loc:lausanne")]
TEXTS = {
    "en": ("Kestrel Cloud and the IOC today launched Coach Connect, a course for 240 young coaches from "
           "36 countries, starting on 14 October in Lausanne. \"{q},\" said Mara Quist, who leads "
           "Coach Connect at Kestrel Cloud. The course costs 1,200 euros per club and is paid by the sponsor."),
    "de": ("Kestrel Cloud und das IOC haben Coach Connect gestartet, einen Kurs für 240 junge Trainer aus "
           "36 Ländern, der am 14. Oktober in Lausanne beginnt. „{q}“, sagte Mara Quist, die Coach Connect "
           "bei Kestrel Cloud leitet. Der Kurs kostet 1.200 Euro pro Verein."),
    "fr": ("Kestrel Cloud et le CIO lancent Coach Connect, une formation pour 240 jeunes entraîneurs de "
           "36 pays, qui commence le 14 octobre à Lausanne. « {q} », a déclaré Mara Quist, qui dirige "
           "Coach Connect chez Kestrel Cloud. La formation coûte 1 200 euros par club."),
}


def _article(language, quote, published):
    text = TEXTS[language].format(q=quote)
    mentions = []
    for name, label, eid in ENTITIES:
        start = text.find(name if name != "IOC" or language != "fr" else "CIO")
        if start >= 0:
            mentions.append(Mention(text=name, start=start, end=start + len(name), label=label,
                                    canonical=name, entity_id=eid, method="gazetteer"))
    start = text.find(quote)
    day = text.find("14")
    return Article(title=f"Coach Connect ({language})", text=text, published=published, language=language,
                   word_count=len(text.split()), text_hash=hashlib.sha1(text.encode()).hexdigest(),
                   entities=mentions,
                   quotes=[Quote(text=quote, start=start, end=start + len(quote), speaker="Mara Quist",
                                 speaker_entity_id="per:mara-quist", language=language)],
                   dates=[DateMention(text="14", start=day, end=day + 2, value="2026-10-14", granularity="day")])


@pytest.fixture
def db(tmp_path):
    database = kb.open_db(tmp_path / "kb.sqlite")
    kb.upsert_sources(database, [
        {"name": "kestrel", "title": "Kestrel newsroom", "kind": "partner", "language": "en"},
        {"name": "sportde", "title": "Sport DE", "kind": "trade_press", "language": "de"},
        {"name": "sportfr", "title": "Sport FR", "kind": "trade_press", "language": "fr"},
        {"name": "wire", "title": "Trade wire", "kind": "trade_press", "language": "en"},
    ])
    yield database
    database.close()


def _store(db, source, language, quote, published):
    return kb.store_article(db, _article(language, quote, published), source=source,
                            url=f"https://{source}.example/coach-connect")[0]


def _group_of_release_quote(db, release_id):
    conn = db.conn
    (group,) = conn.execute("select m.group_id from quote_group_members m join quotes q on q.id = m.quote_id "
                            "where q.article_id = ?", [release_id]).fetchone()
    members = conn.execute("select source, relation from quote_group_members where group_id = ? order by source",
                           [group]).fetchall()
    outlets = conn.execute("select outlets from quote_groups where id = ?", [group]).fetchone()[0]
    return members, outlets


def _translated(db):
    return db.conn.execute("select p.outlet, q.survival from pickups p join pickup_quotes q on q.pickup_id = p.id "
                           "where p.method = 'translation' order by p.outlet").fetchall()


def test_translated_quote_joins_the_original_group_in_one_run(db):
    rid = _store(db, "kestrel", "en", QUOTE_EN, "2026-10-01T08:00:00Z")
    de = _store(db, "sportde", "de", QUOTE_DE, "2026-10-01T14:00:00Z")
    fr = _store(db, "sportfr", "fr", QUOTE_FR, "2026-10-02T09:00:00Z")
    link_articles(db, [rid, de, fr])
    assert _translated(db) == [("sportde", "translated"), ("sportfr", "translated")]
    members, outlets = _group_of_release_quote(db, rid)
    assert members == [("kestrel", "same"), ("sportde", "translation"), ("sportfr", "translation")]
    assert outlets == 3


def test_translation_stored_in_a_later_run_joins_and_reruns_add_nothing(db):
    rid = _store(db, "kestrel", "en", QUOTE_EN, "2026-10-01T08:00:00Z")
    link_articles(db, [rid])
    copy = _store(db, "wire", "en", QUOTE_EN, "2026-10-01T10:00:00Z")
    link_articles(db, [copy])
    de = _store(db, "sportde", "de", QUOTE_DE, "2026-10-01T14:00:00Z")
    link_articles(db, [de])
    members, outlets = _group_of_release_quote(db, rid)
    assert [m[0] for m in members] == ["kestrel", "sportde", "wire"] and outlets == 3
    link_articles(db, [rid, copy, de])
    link_articles(db, [rid])
    assert _group_of_release_quote(db, rid) == (members, outlets)
    assert db.conn.execute("select count(*) from quote_groups where quotes > 0").fetchone()[0] == 1


def test_release_linked_after_its_translation_still_groups_the_translation(db):
    de = _store(db, "sportde", "de", QUOTE_DE, "2026-10-01T14:00:00Z")
    link_articles(db, [de])
    rid = _store(db, "kestrel", "en", QUOTE_EN, "2026-10-01T08:00:00Z")
    link_articles(db, [rid])
    members, outlets = _group_of_release_quote(db, rid)
    assert members == [("kestrel", "same"), ("sportde", "translation")] and outlets == 2
    text = db.conn.execute("select g.text from quote_groups g join quote_group_members m on m.group_id = g.id "
                           "join quotes q on q.id = m.quote_id where q.article_id = ?", [rid]).fetchone()[0]
    assert text == QUOTE_EN  # the earliest wording is the release's, though the translation was grouped first


def test_another_quote_of_the_speaker_in_a_translation_is_not_merged(db):
    # a shorter quote with other numbers: not a translation of the release's (an
    # unrelated quote of the same length and without numbers would be taken for one)
    rid = _store(db, "kestrel", "en", QUOTE_EN, "2026-10-01T08:00:00Z")
    de = _store(db, "sportde", "de", "Ein großer Tag für 240 Trainer",
                "2026-10-01T14:00:00Z")
    link_articles(db, [rid, de])
    members, outlets = _group_of_release_quote(db, rid)
    assert members == [("kestrel", "same")] and outlets == 1
