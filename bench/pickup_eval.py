"""Pickup and story evaluation, beside plain baselines in the same run, and the cost of
linking new articles as the KB grows.

    python bench/pickup_eval.py                      # quality on bench/data/pickups.yml
    python bench/pickup_eval.py --write-data         # regenerate the labelled pairs
    python bench/pickup_eval.py --scale 1000,10000,100000

The labelled set is team-written, not blind: bench/data/pickups.yml is generated from
templates in this file (``--write-data``) with varied wording, sponsors, numbers and days.
Each pair is ``release`` (the copy reuses the release: near-verbatim, rewritten with a
trimmed quote, or cut), ``story`` (the same event told by another article, often in
another language) or ``unrelated`` (hard negatives: the same sponsor's other release, the
same event on other days, any other release). Story signatures are written with the
pairs (entity ids, stated days, numbers), as the KB would have them after extraction:
this measures the decision, not entity linking.

Detector: ``extract.reuse`` (boilerplate filtered over the releases' own sources, LSH
Ensemble containment, fragment alignment) then ``extract.stories.story_score``.
Baseline: Jaccard MinHash LSH at 0.5 on the raw shingles, and entity-set Jaccard ≥ 0.5.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml
from datasketch import MinHashLSH

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract import reuse, stories  # noqa: E402

DATA = Path(__file__).parent / "data" / "pickups.yml"

SPONSORS = {
    "kestrel": ("Kestrel Cloud", "org:kestrel-cloud", "About Kestrel Cloud. Kestrel Cloud is the digital "
                "backbone of the Kestrel Group and a Worldwide Olympic Partner. Media contact: press office, Singapore."),
    "arbor": ("Arbor Motors", "org:arbor-motors", "About Arbor Motors. Arbor Motors builds electric vans and "
              "buses in four countries and has been an Olympic partner since 2019. Follow Arbor on social media."),
    "lumen": ("Lumen Bank", "org:lumen-bank", "About Lumen Bank. Lumen Bank serves forty million customers "
              "in sixty markets and is the official payment partner of the Olympic Movement."),
    "solstice": ("Solstice Foods", "org:solstice-foods", "About Solstice Foods. Solstice Foods feeds athletes "
                 "at every Games since 2012 and supports grassroots sport in thirty countries."),
    "vireo": ("Vireo Timing", "org:vireo-timing", "About Vireo Timing. Vireo Timing has measured Olympic races "
              "since 1998 and employs two thousand engineers in its workshops."),
}
PROGRAMMES = ["Podium Ventures", "Green Track", "Coach Connect", "Future Stars", "Open Lanes", "Data Lab",
              "Fan Bridge", "Clean Air Games", "Night Runs", "Water Wise", "Code Camp", "Bright Arena"]
PLACES = ["Lausanne", "Milan", "Cortina", "Paris", "Dakar", "Brisbane", "Los Angeles", "Sapporo"]
VERBS = ["opened", "launched", "announced", "unveiled", "started"]
AUDIENCES = ["retired athletes", "young coaches", "National Olympic Committees", "volunteers",
             "school teams", "para athletes", "referees", "sports journalists"]
TOPICS = ["online businesses", "video analysis", "clean transport", "digital payments", "healthy food",
          "race timing", "climate reporting", "fan apps"]
FILLER = [
    "The programme is free for every participant and runs entirely online apart from one workshop.",
    "Organisers said demand had doubled since the previous season.",
    "Several participants are still competing and hope to qualify for the next Games.",
    "Mentors come from the partner's own teams and from universities in the region.",
    "The first results will be presented at a conference in the spring.",
    "Local clubs will be invited to follow the sessions as observers.",
    "The partner will publish a report on the outcomes at the end of the year.",
    "Athletes from smaller committees will be given priority when places are limited.",
]
OWN = [
    "Analysts said the move is part of a wider push by sponsors into athlete services.",
    "The company's shares were little changed on the news.",
    "Critics say such programmes mostly serve the sponsors' marketing.",
    "It is the third such announcement by an Olympic partner this month.",
    "Our reporter asked the organisers how participants are selected, without an answer so far.",
    "Rival firms are preparing similar offers ahead of the Winter Games.",
]

# Varied wording for the scale benchmark: real releases of one newsroom share their
# "About" block, a contact line and a few stock phrases, and little else.
SUBJECTS = ["the new scheme", "the first cohort", "organisers", "local clubs", "the partner", "coaches",
            "the host city", "the federation", "volunteer groups", "regional committees", "the steering board",
            "university teams", "the athletes' commission", "its engineers", "participating schools",
            "the pilot group", "community centres", "the technical panel", "mentors", "the city council",
            "the national team", "youth academies", "the press office", "the sponsor's staff", "the venue operator",
            "ticket holders", "trainee referees", "the research unit", "club officials", "the legacy fund"]
VERBS_ = ["will offer", "expects to reach", "plans to add", "has signed up", "will test", "is funding",
          "intends to double", "will publish", "has already booked", "wants to train", "will share",
          "is building", "will rotate", "hopes to recruit", "has redesigned", "will measure", "plans to open",
          "will translate", "has trimmed", "will host", "aims to connect", "will replace", "has commissioned",
          "is reviewing", "will extend", "has started mapping", "will certify", "is piloting", "will evaluate",
          "has promised"]
ADJECTIVES = ["regional", "mobile", "low-cost", "solar-powered", "bilingual", "weekly", "open-source", "portable",
              "accessible", "refurbished", "modular", "evening", "seasonal", "shared", "independent", "certified",
              "flexible", "hybrid", "indoor", "outdoor", "multi-sport", "digital", "recycled", "subsidised",
              "peer-led", "volunteer-run", "data-driven", "grassroots", "intensive", "introductory"]
NOUNS = ["training camps", "coaching clinics", "charging points", "scholarships", "video archives",
         "nutrition guides", "timing kits", "bike lanes", "water stations", "language courses", "medical checks",
         "fan zones", "broadcast studios", "climbing walls", "skate parks", "rowing boats", "sensor vests",
         "match reports", "mentoring sessions", "travel grants", "recovery rooms", "ticket apps", "repair shops",
         "youth leagues", "research papers", "safety audits", "podcast series", "career fairs", "data dashboards",
         "heat maps", "school visits", "swimming lessons", "cycling routes", "exchange trips", "first-aid courses",
         "warm-up areas", "shuttle buses", "planting days", "canteen menus", "sign-language guides"]
COMPLEMENTS = ["in {place}", "across {n} regions", "before the {month} deadline", "for {n} {audience}",
               "with {n} local partners", "at {n} venues", "by the end of {month}", "in {n} languages",
               "over {n} weekends", "near the {place} stadium", "for under {n} euros", "along the {place} coast",
               "within {n} days", "during the {month} break", "in cooperation with {place} university"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
PLACES2 = ["Lausanne", "Milan", "Cortina", "Paris", "Dakar", "Brisbane", "Los Angeles", "Sapporo", "Turin",
           "Lyon", "Marseille", "Nairobi", "Lima", "Oslo", "Calgary", "Seoul", "Accra", "Hanoi", "Quito", "Porto",
           "Krakow", "Tunis", "Bergen", "Durban", "Perth", "Leipzig", "Nice", "Bilbao", "Cusco", "Split"]
QUOTE_OPEN = ["We want", "Our goal is for", "What matters is that", "We built this so that", "I am proud that",
              "It is simple:", "From day one we promised that", "The numbers show that", "I hope that",
              "We learned last year that"]
QUOTE_WHO = ["every athlete", "each coach", "young people", "the volunteers", "our partners", "the clubs",
             "families", "the host communities", "the referees", "retired champions", "the organisers",
             "first-time fans"]
QUOTE_DO = ["can rely on", "will get", "find it easy to use", "benefit from", "have a say in", "are trained for",
            "never pay for", "can share", "help us improve", "take home", "keep using", "grow with"]
FIRST = ["Mara", "Ilse", "Tom", "Rina", "Paul", "Lena", "Omar", "Sofia", "Kenji", "Amara", "Jonas", "Chloé",
         "Diego", "Hana", "Piet", "Nadia", "Luca", "Zara", "Felix", "Ines"]
LAST = ["Quist", "Baro", "Hale", "Sato", "Okafor", "Voss", "Lindqvist", "Moreau", "Tanaka", "Mensah", "Novak",
        "Reyes", "Kowalski", "Haddad", "Berg", "Ferreira", "Ito", "Dubois", "Keller", "Abara"]


def _day(base: datetime, offset: int) -> str:
    return (base + timedelta(days=offset)).date().isoformat()


def make_release(rng: random.Random, index: int, sponsor: str, base: datetime) -> dict:
    name, entity, about = SPONSORS[sponsor]
    programme = f"{rng.choice(PROGRAMMES)} {index}"
    place, verb = rng.choice(PLACES), rng.choice(VERBS)
    audience, topic = rng.choice(AUDIENCES), rng.choice(TOPICS)
    count, weeks, budget = rng.randint(12, 300), rng.randint(4, 16), rng.randint(2, 90) * 1000
    start = base + timedelta(days=rng.randint(3, 40))
    speaker = rng.choice(["Mara Quist", "Ilse Baro", "Tom Hale", "Rina Sato", "Paul Okafor", "Lena Voss"])
    quote = (f"We want every one of the {count} participants to leave {programme} with something they can use "
             f"the next morning, whether it is a plan, a tool or a contact in {place}")
    paragraphs = [
        f"{name} and the International Olympic Committee today {verb} {programme}, a programme that helps "
        f"{audience} with {topic} across {rng.randint(5, 60)} countries.",
        f"The first {count} participants will start on {start.day} {start:%B %Y} with {weeks} weeks of online "
        f"courses followed by a workshop in {place}.",
        f"\"{quote},\" said {speaker}, who leads the programme at {name}.",
        rng.choice(FILLER) + " " + rng.choice(FILLER),
        f"{name} will fund the programme with {budget} dollars a year and report on its results "
        f"after {weeks * 2} weeks.",
        about,
    ]
    return _release(index, sponsor, paragraphs, quote, base, start, entity, programme, place, speaker)


def _release(index: int, sponsor: str, paragraphs: list[str], quote: str, base: datetime,
             start: datetime, entity: str, programme: str, place: str, speaker: str) -> dict:
    """A release record: its text, quote, publication time and the facts it states."""
    def slug(name: str) -> str:
        return name.lower().replace(" ", "-")

    return {"id": f"r{index}", "source": sponsor, "text": " ".join(paragraphs), "quote": quote,
            "published": base.isoformat(), "paragraphs": paragraphs,
            "entities": sorted({entity, "org:ioc", f"event:{slug(programme)}", f"loc:{slug(place)}",
                                f"per:{slug(speaker)}"}),
            "days": [start.date().isoformat()], "numbers": sorted(stories.numbers(" ".join(paragraphs)))}


def _sentence(rng: random.Random) -> str:
    """One body sentence: every five words span at least two independent choices, so
    two releases share a 5-gram about as rarely as two real releases do."""
    complement = rng.choice(COMPLEMENTS).format(place=rng.choice(PLACES2), n=rng.randint(3, 950),
                                                month=rng.choice(MONTHS), audience=rng.choice(AUDIENCES))
    subject = rng.choice(SUBJECTS)
    return (f"{subject[0].upper()}{subject[1:]} {rng.choice(VERBS_)} {rng.randint(2, 400)} "
            f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {complement}.")


def make_varied_release(rng: random.Random, index: int, sponsor: str, base: datetime) -> dict:
    """A release worded as releases are: a stock lead and the sponsor's "About" block
    repeat across its newsroom, the body, the quote and the figures do not
    (``make_release``'s one template repeats most of its 5-grams in every release of a
    sponsor, so at 10,000 articles nearly all of it is rightly boilerplate)."""
    name, entity, about = SPONSORS[sponsor]
    programme = f"{rng.choice(PROGRAMMES)} {index}"
    place = rng.choice(PLACES2)
    start = base + timedelta(days=rng.randint(3, 40))
    speaker = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    quote = (f"{rng.choice(QUOTE_OPEN)} {rng.choice(QUOTE_WHO)} {rng.choice(QUOTE_DO)} "
             f"{rng.randint(2, 90)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} in {place} "
             f"and {rng.choice(QUOTE_WHO)} {rng.choice(QUOTE_DO)} the {rng.choice(NOUNS)}")
    paragraphs = [
        f"{name} and the International Olympic Committee today {rng.choice(VERBS)} {programme}, "
        f"{rng.randint(3, 90)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} for {rng.choice(AUDIENCES)} "
        f"starting on {start.day} {start:%B %Y} in {place}.",
        " ".join(_sentence(rng) for _ in range(rng.randint(2, 4))),
        f"\"{quote},\" said {speaker}, {rng.choice(['who leads', 'head of', 'director of', 'manager of'])} "
        f"{programme} at {name}.",
        " ".join(_sentence(rng) for _ in range(rng.randint(2, 4))),
        " ".join(_sentence(rng) for _ in range(rng.randint(1, 3))),
        about,
    ]
    return _release(index, sponsor, paragraphs, quote, base, start, entity, programme, place, speaker)


def make_copy(rng: random.Random, release: dict, kind: str) -> str:
    p = release["paragraphs"]
    own = rng.sample(OWN, 2)
    if kind == "verbatim":
        return f"{rng.choice(PLACES).upper()} — " + " ".join(p[:5]) + " " + own[0]
    if kind == "rewrite":
        trimmed = " ".join(release["quote"].split()[:10])
        return " ".join([own[0], p[1], f"\"{trimmed},\" the programme's leader said.", p[4], own[1]])
    return " ".join(p[:2] + [own[0]])  # cut: the first two paragraphs only


def _signature_dict(release: dict, rng: random.Random, *, drop: int = 1, days=None, hours: float = 0.0) -> dict:
    entities = list(release["entities"])
    for _ in range(drop):
        if len(entities) > 2:
            entities.remove(rng.choice([e for e in entities if e != "org:ioc"]))
    at = datetime.fromisoformat(release["published"]) + timedelta(hours=hours)
    return {"entities": sorted(entities), "days": days if days is not None else release["days"],
            "numbers": [n for n in release["numbers"] if rng.random() < 0.8], "published": at.isoformat()}


def write_data(path: Path, seed: int = 15) -> None:
    rng = random.Random(seed)
    base = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    releases, pairs = [], []
    for i in range(80):
        sponsor = list(SPONSORS)[i % len(SPONSORS)]
        releases.append(make_release(rng, i, sponsor, base + timedelta(days=i // 3, hours=i % 3 * 5)))
    for i, release in enumerate(releases[:66]):
        kind = ["verbatim", "rewrite", "cut"][i % 3]
        sig = _signature_dict(release, rng, drop=0, hours=rng.uniform(1, 40))
        pairs.append({"release": release["id"], "label": "release", "kind": kind, "language": "en",
                      "copy": make_copy(rng, release, kind), "copy_signature": sig})
    for i, release in enumerate(releases[:50]):
        # the same event in another language: no shared words, the same entities, days and numbers
        lang = ["de", "fr"][i % 2]
        pairs.append({"release": release["id"], "label": "story", "kind": f"translation-{lang}", "language": lang,
                      "copy": f"[{lang}] " + " ".join(str(n) for n in release["numbers"][:4]),
                      "copy_signature": _signature_dict(release, rng, drop=1, hours=rng.uniform(2, 60))})
    for i, release in enumerate(releases[:40]):
        other = releases[(i + 5) % 80]  # same sponsor (five sponsors in turn), another release
        assert other["source"] == release["source"]
        pairs.append({"release": release["id"], "label": "unrelated", "kind": "same-sponsor-other-release",
                      "language": "en", "copy": other["text"].replace(SPONSORS[other["source"]][2], ""),
                      "copy_signature": {**_signature_dict(other, rng, drop=0),
                                         "published": (datetime.fromisoformat(release["published"])
                                                       + timedelta(hours=rng.uniform(2, 70))).isoformat()}})
    for i, release in enumerate(releases[:30]):
        # the same event (same entities), other days stated, a day or two later
        later = datetime.fromisoformat(release["days"][0]) + timedelta(days=rng.randint(2, 9))
        sig = _signature_dict(release, rng, drop=0, days=[later.date().isoformat()], hours=rng.uniform(24, 60))
        sig["numbers"] = [str(rng.randint(100, 999))]
        pairs.append({"release": release["id"], "label": "unrelated", "kind": "same-event-other-day",
                      "language": ["en", "de", "fr"][i % 3],
                      "copy": f"Day report: {rng.choice(OWN)} {rng.choice(FILLER)}", "copy_signature": sig})
    header = ("# Team-written pickup/story pairs, generated from the templates of bench/pickup_eval.py\n"
              "# (python bench/pickup_eval.py --write-data): not a blind set. Labels: release, story, unrelated.\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"releases": [{k: r[k] for k in ("id", "source", "text", "quote", "published", "entities", "days",
                                             "numbers")} for r in releases], "pairs": pairs}
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    print(f"wrote {path}: {len(releases)} releases, {len(pairs)} pairs")


def _sig(d: dict) -> stories.Signature:
    return stories.Signature(frozenset(d["entities"]), frozenset(d["days"]), frozenset(d["numbers"]),
                             datetime.fromisoformat(d["published"]))


def evaluate(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    releases = {r["id"]: r for r in data["releases"]}
    pairs = data["pairs"]
    started = time.perf_counter()
    boiler = reuse.boilerplate((r["source"], set(reuse.shingles(reuse.tokens(r["text"])))) for r in releases.values())
    copy_tokens = {i: reuse.tokens(p["copy"]) for i, p in enumerate(pairs)}
    index = reuse.ContainmentIndex({str(i): set(reuse.shingles(t)) for i, t in copy_tokens.items()})
    hits = set()
    for rid, r in releases.items():
        toks = reuse.tokens(r["text"])
        for key in index.query(set(reuse.shingles(toks)) - boiler.get(r["source"], set())):
            pair = pairs[int(key)]
            if pair["release"] == rid and reuse.align(toks, copy_tokens[int(key)], boiler.get(r["source"], set())).is_pickup:
                hits.add(int(key))
    weights = {}
    for r in releases.values():
        for e in r["entities"]:
            weights[e] = weights.get(e, 0) + 1
    weights = {e: stories.idf(len(releases), n) for e, n in weights.items()}
    ours = []
    for i, pair in enumerate(pairs):
        release = releases[pair["release"]]
        rsig = _sig(release)
        if i in hits:
            ours.append("release")
        elif stories.story_score(rsig, _sig(pair["copy_signature"]), weights) >= stories.SAME_STORY:
            ours.append("story")
        else:
            ours.append("unrelated")
    ours_s = time.perf_counter() - started

    started = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=reuse.NUM_PERM)
    for i, t in copy_tokens.items():
        if t:
            lsh.insert(str(i), reuse.minhash(set(reuse.shingles(t))))
    base_hits = set()
    for rid, r in releases.items():
        for key in lsh.query(reuse.minhash(set(reuse.shingles(reuse.tokens(r["text"]))))):
            if pairs[int(key)]["release"] == rid:
                base_hits.add(int(key))
    baseline = []
    for i, pair in enumerate(pairs):
        a, b = set(releases[pair["release"]]["entities"]), set(pair["copy_signature"]["entities"])
        if i in base_hits:
            baseline.append("release")
        elif a and len(a & b) / len(a | b) >= 0.5:
            baseline.append("story")
        else:
            baseline.append("unrelated")
    base_s = time.perf_counter() - started

    gold = [p["label"] for p in pairs]
    print(f"{len(pairs)} pairs ({', '.join(f'{c} {gold.count(c)}' for c in ('release', 'story', 'unrelated'))}) "
          f"over {len(releases)} releases, {path}")
    print(f"{'class':<11} {'ours P':>7} {'ours R':>7} {'ours F1':>8}   {'base P':>7} {'base R':>7} {'base F1':>8}")
    for label in ("release", "story", "unrelated"):
        row = [label]
        for predicted in (ours, baseline):
            tp = sum(1 for g, p in zip(gold, predicted) if g == p == label)
            fp = sum(1 for g, p in zip(gold, predicted) if p == label and g != label)
            fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
            precision = tp / (tp + fp) if tp + fp else 0.0
            recall = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            row += [precision, recall, f1]
        print(f"{row[0]:<11} {row[1]:>7.3f} {row[2]:>7.3f} {row[3]:>8.3f}   {row[4]:>7.3f} {row[5]:>7.3f} {row[6]:>8.3f}")
    for kind in sorted({p["kind"] for p in pairs}):
        idx = [i for i, p in enumerate(pairs) if p["kind"] == kind]
        right = sum(1 for i in idx if ours[i] == gold[i])
        base_right = sum(1 for i in idx if baseline[i] == gold[i])
        print(f"  {kind:<28} ours {right}/{len(idx)}   baseline {base_right}/{len(idx)}")
    print(f"time: ours {ours_s * 1000:.0f} ms, baseline {base_s * 1000:.0f} ms")


def scale(sizes: list[int], new: int = 200, seed: int = 7, templated: bool = False) -> None:
    """Link ``new`` articles into synthetic KBs of the given sizes (real SQLite, the real
    kb.linkage); 10 % of the articles are releases, 300 articles a day, 5 entity
    mentions each from 5,000 entities; every tenth new article reuses a recent release
    (``found/planted`` counts those; ``other`` any further pickup). Releases are worded
    by ``make_varied_release``; ``templated`` uses ``make_release``'s single template."""
    import kb
    from extract.records import Article
    from kb.linkage import link_articles

    print(f"{'KB articles':>11} {'build s':>8} {'ms/new article':>15} {'s per 10,000 new':>17} {'peak MiB':>9}"
          f"  found/planted  other")
    release_maker = make_release if templated else make_varied_release
    for size in sizes:
        rng = random.Random(seed)
        with tempfile.TemporaryDirectory() as tmp:
            db = kb.open_db(Path(tmp) / "kb.sqlite")
            kb.upsert_sources(db, [{"name": s, "title": s, "kind": "partner"} for s in SPONSORS] +
                              [{"name": f"outlet{i}", "title": f"outlet{i}", "kind": "trade_press"} for i in range(20)])
            started = time.perf_counter()
            base = datetime(2020, 1, 1, tzinfo=timezone.utc)
            conn = db.conn
            conn.executemany("insert into entities (id, canonical, type) values (?, ?, 'ORG')",
                             [(f"org:e{i}", f"E{i}") for i in range(5000)])
            releases = []
            rows, mentions, new_ids, planted = [], [], [], set()
            for i in range(size + new):
                at = base + timedelta(minutes=i * 4.8)  # 300 a day
                if i % 10 == 0:
                    r = release_maker(rng, i, list(SPONSORS)[i % 5], at)
                    text, source = r["text"], r["source"]
                    releases.append(r)
                elif i % 10 == 5 and releases:
                    text, source = make_copy(rng, releases[-1], "verbatim"), f"outlet{i % 20}"
                    if i >= size:
                        planted.add((releases[-1]["url"], f"https://x/{i}"))
                else:
                    text = " ".join(rng.sample(FILLER + OWN, 6)) + f" Item {i} of {rng.randint(10, 999)}."
                    source = f"outlet{i % 20}"
                if i % 10 == 0:
                    r["url"] = f"https://x/{i}"
                row = {"id": f"a{i}", "source": source, "url": f"https://x/{i}", "text": text, "title": f"t{i}",
                       "language": "en", "published": at.isoformat(), "first_seen": at.isoformat(),
                       "text_hash": str(i)}
                ents = {f"org:e{rng.randint(0, 4999)}" for _ in range(5)}
                if i >= size:  # the new articles are stored as a crawl stores them
                    new_ids.append(kb.store_article(db, Article(text=text, title=row["title"], published=row["published"],
                                                 language="en", text_hash=str(i)),
                                     source=source, url=row["url"])[0])
                else:
                    rows.append(row)
                    mentions += [(row["id"], e, e, "ORG", 0, 1, "gazetteer", 1.0) for e in ents]
                if len(rows) >= 5000 or i == size - 1:
                    conn.executemany("insert into articles (id, source, url, text, title, language, published, "
                                     "first_seen, text_hash) values (:id, :source, :url, :text, :title, :language, "
                                     ":published, :first_seen, :text_hash)", rows)
                    conn.executemany("insert into mentions (article_id, entity_id, text, label, start, [end], "
                                     "method, confidence) values (?, ?, ?, ?, ?, ?, ?, ?)", mentions)
                    conn.commit()
                    rows, mentions = [], []
            build = time.perf_counter() - started
            tracemalloc.start()
            started = time.perf_counter()
            link_articles(db, new_ids)
            seconds = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
            tracemalloc.stop()
            ms = seconds * 1000 / len(new_ids)
            pairs = set(conn.execute("select r.url, c.url from pickups p join articles r on r.id = p.release_id "
                                     "join articles c on c.id = p.copy_id").fetchall())
            print(f"{size:>11,} {build:>8.1f} {ms:>15.2f} {ms * 10:>17.1f} {peak:>9.1f}"
                  f"  {len(pairs & planted):>6}/{len(planted):<6}  {len(pairs - planted)}")
            db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--write-data", action="store_true")
    parser.add_argument("--scale", default="", help="comma-separated KB sizes, e.g. 1000,10000,100000")
    parser.add_argument("--templated", action="store_true",
                        help="--scale with make_release's single template (most of it boilerplate)")
    args = parser.parse_args()
    if args.write_data:
        write_data(args.data)
    if not args.scale:
        evaluate(args.data)
    else:
        scale([int(s) for s in args.scale.split(",")], templated=args.templated)
    print("reproduce: python bench/pickup_eval.py" + (f" --scale {args.scale}" if args.scale else "")
          + (" --templated" if args.templated else ""))


if __name__ == "__main__":
    main()
