"""Word lists for quote attribution in English, German and French.

Kept apart from the scanning logic in ``quotes.py`` so that adding a speech verb or a
job title is a one-line change. All entries are lower-case.
"""
from __future__ import annotations

import re

from .regex_trie import trie_pattern

# Speech verbs that attach a quote to its speaker. Multi-word cues are matched as
# phrases; French compound tenses carry their auxiliary ("a déclaré"), and the
# inverted forms ("a-t-il déclaré", "explique-t-elle") are built in ``cue_pattern``.
SPEECH_VERBS = {
    "en": [
        "said", "says", "say", "added", "adds", "commented", "comments", "explained",
        "explains", "noted", "notes", "told", "tells", "stated", "states", "emphasised",
        "emphasized", "emphasises", "emphasizes", "stressed", "stresses", "remarked",
        "continued", "concluded", "declared", "announced", "insisted", "recalled",
        "observed", "pointed out", "wrote", "writes", "asked", "asks", "replied",
        "confirmed", "underlined", "highlighted", "admitted", "acknowledged", "argued",
        "warned", "reflected", "revealed", "enthused", "joked", "summed up", "according to",
        "described", "called", "urged", "predicted", "promised", "quipped", "quips",
        "conceded", "concedes", "admits", "warns", "insists", "recalls", "reflects",
        "acknowledges", "joked", "jokes", "laughed", "smiled", "sighed", "beamed",
        "cautioned", "suggested", "suggests", "vowed", "vows", "boasted",
        "complained", "countered", "responded", "maintained", "maintains",
    ],
    "de": [
        "sagte", "sagt", "sagten", "erklärte", "erklärt", "betonte", "betont", "meinte",
        "meint", "fügte", "ergänzte", "ergänzt", "so", "laut", "zufolge", "kommentierte",
        "unterstrich", "unterstreicht", "hob", "bekräftigte", "erläuterte", "erläutert",
        "berichtete", "erzählte", "erzählt", "schrieb", "schreibt", "teilte", "äußerte",
        "resümierte", "versprach", "stellte", "bestätigte", "warnte", "sprach", "fragte",
        "antwortete", "kündigte", "lobte", "ergänzte", "freute", "zeigte",
        # separable verbs: the particle follows the speaker ("räumte die Trainerin ein")
        "räumte", "räumt", "fügt", "gab", "gibt", "gestand", "gesteht", "warnt", "mahnte",
        "mahnt", "forderte", "fordert", "scherzte", "lachte", "jubelte", "schwärmte",
        "kritisierte", "bilanzierte", "analysierte", "bekannte", "beteuerte",
        "versicherte", "heißt es", "hieß es",
    ],
    "fr": [
        "a déclaré", "déclare", "a dit", "dit", "a expliqué", "explique", "a ajouté",
        "ajoute", "a souligné", "souligne", "selon", "d'après", "a affirmé", "affirme",
        "a estimé", "estime", "a précisé", "précise", "a indiqué", "indique", "a confié",
        "confie", "a commenté", "commente", "a poursuivi", "poursuit", "a conclu", "conclut",
        "a rappelé", "rappelle", "a noté", "note", "a insisté", "insiste", "a assuré", "assure",
        "a raconté", "raconte", "a confirmé", "confirme", "a annoncé", "annonce",
        "a reconnu", "reconnaît", "a qualifié", "qualifie", "a salué", "salue",
        "a lancé", "lance", "a martelé", "martèle", "a résumé", "résume", "a observé",
        "observe", "a répondu", "répond", "a écrit", "écrit", "a promis", "promet",
        "s'interroge", "s'est interrogé", "s'est interrogée", "se réjouit", "s'est réjoui",
        "s'est réjouie", "se félicite", "s'est félicité", "s'est félicitée", "s'exclame",
        "s'est exclamé", "s'est exclamée", "a averti", "avertit", "a prévenu", "prévient",
        "sourit", "a souri", "glisse", "a glissé", "tranche", "a tranché", "avoue",
        "a avoué", "admet", "a admis", "ironise", "a ironisé", "plaisante", "a plaisanté",
        "détaille", "a détaillé", "souffle", "a soufflé", "nuance", "a nuancé", "regrette",
        "a regretté", "s'amuse", "s'enthousiasme", "s'agace", "s'emporte", "reprend",
        "a repris", "enchaîne", "a enchaîné", "témoigne", "a témoigné", "savoure",
        "a savouré", "jubile", "a jubilé", "rigole",
    ],
}

# Prepositional cues that open a sentence and name the speaker: "According to X, “…”".
LEADING_CUES = {
    "en": ["according to"],
    "de": ["laut", "nach angaben von", "nach worten von"],
    "fr": ["selon", "d'après", "pour"],
}

# Cues that follow the speaker's name after a quote: "„…“, Bach zufolge."
TRAILING_NAME_CUES = {"de": ["zufolge"]}

PRONOUNS = {
    "en": {"he", "she"},
    "de": {"er", "sie"},
    "fr": {"il", "elle"},
}

# First names whose gender is clear, for "he said"/"sagte sie" after two people.
FEMALE_FIRST_NAMES = {
    "anna", "anne", "sarah", "sara", "maria", "marie", "laura", "julia", "lea", "léa",
    "emma", "sophie", "claire", "nadia", "grace", "helena", "helen", "ingrid", "sabine",
    "martina", "katharina", "hanna", "hannah", "lisa", "lena", "elena", "amira", "mia",
    "olivia", "emily", "jessica", "jennifer", "susan", "mary", "elizabeth", "kate",
    "catherine", "kathrin", "petra", "monika", "ursula", "christine", "nathalie",
    "isabelle", "camille", "chloé", "manon", "céline", "valérie", "sandrine", "aurélie",
    "amélie", "marion", "pauline", "juliette", "louise", "alice", "nina", "eva", "kristin",
    "simone", "carla", "elisa", "sofia", "fatima", "aisha", "mei", "yuki", "selina",
    "nora", "paula", "rosa", "ana", "ines", "inès", "ilse", "clara", "charlotte", "lucie",
    "marta", "andrea", "silvia", "stefanie", "nicole", "sandra", "birgit", "heike",
}
MALE_FIRST_NAMES = {
    "thomas", "mark", "marc", "markus", "michael", "peter", "paul", "john", "james",
    "david", "daniel", "jan", "jonas", "lukas", "lucas", "thierry", "pierre", "jean",
    "jürgen", "stefan", "andreas", "christian", "martin", "tony", "kevin", "omar", "karl",
    "hans", "klaus", "wolfgang", "frank", "uwe", "tom", "tim", "ben", "max", "felix",
    "sebastian", "alexander", "nicolas", "julien", "antoine", "louis", "hugo", "olivier",
    "philippe", "françois", "laurent", "guy", "robert", "richard", "william", "george",
    "steve", "kaveh", "zak", "dieter", "matthias", "tobias", "florian", "ahmed", "mohamed",
    "tadesse", "oliver", "kit", "sebastián", "carlos", "juan", "luis", "marco",
    "owen", "kurt", "rainer", "ole", "jens", "lars", "sven", "erik", "henrik", "bernd",
    "günter", "helmut", "joachim", "didier", "mathieu", "vincent", "eric",
}
# Role nouns whose grammatical gender tells the speaker's: "la présidente", "chairwoman".
FEMALE_ROLE_WORDS = {
    "chairwoman", "spokeswoman", "sportswoman", "businesswoman", "congresswoman",
}
MALE_ROLE_WORDS = {"chairman", "spokesman", "sportsman", "businessman"}
FEMININE_FR_ROLE_ENDINGS = ("ente", "rice", "euse", "ère", "ée", "enne", "onne", "cheffe")

# Nationality adjectives: "French President Emmanuel Macron" is a president of no
# organisation called "French"; the adjective stays in the role.
NATIONALITY_ADJECTIVES_EN = set(
    """Afghan Albanian Algerian American Argentine Argentinian Armenian Australian Austrian Azerbaijani
    Bahraini Bangladeshi Belarusian Belgian Bolivian Bosnian Brazilian British Bulgarian Cameroonian
    Canadian Chilean Chinese Colombian Croatian Cuban Cypriot Czech Danish Dominican Dutch Ecuadorian
    Egyptian Emirati English Estonian Ethiopian Fijian Filipino Finnish French Georgian German Ghanaian
    Greek Guatemalan Haitian Honduran Hungarian Icelandic Indian Indonesian Iranian Iraqi Irish Israeli
    Italian Ivorian Jamaican Japanese Jordanian Kazakh Kenyan Korean Kosovan Kuwaiti Latvian Lebanese
    Libyan Lithuanian Luxembourgish Malaysian Maltese Mexican Moldovan Mongolian Montenegrin Moroccan
    Nepali Nigerian Norwegian Omani Pakistani Palestinian Panamanian Paraguayan Peruvian Polish
    Portuguese Qatari Romanian Russian Rwandan Saudi Scottish Senegalese Serbian Singaporean Slovak
    Slovenian Somali Spanish Sudanese Swedish Swiss Syrian Taiwanese Thai Tunisian Turkish Ugandan
    Ukrainian Uruguayan Uzbek Venezuelan Vietnamese Welsh Yemeni Zambian Zimbabwean US U.S. UK EU""".split()
)
# Words that open a two-word nationality: "South African", "New Zealand", "Sri Lankan".
NATIONALITY_FIRST_WORDS_EN = {"South", "North", "New", "Sri", "Costa", "Puerto", "El", "Saudi", "Hong", "San"}

DETERMINERS = {
    "the", "a", "an", "its", "their", "his", "her", "our",
    "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem",
    "le", "la", "les", "l", "du", "un", "une", "sa", "son", "ses",
}

# Titles, the heads of job descriptions. English ones also match capitalised.
ROLE_HEADS_EN = {
    "president", "vice-president", "ceo", "cfo", "coo", "cmo", "cto", "chairman",
    "chairwoman", "chair", "chairperson", "director", "head", "manager", "officer",
    "executive", "secretary", "secretary-general", "founder", "co-founder", "spokesperson",
    "spokesman", "spokeswoman", "minister", "commissioner", "coach", "captain",
    "ambassador", "chief", "lead", "member", "mayor", "adviser", "advisor", "editor",
    "owner", "treasurer", "governor", "general", "partner", "researcher", "analyst",
    "champion", "medallist", "medalist", "olympian", "paralympian",
}
ROLE_MODIFIERS_EN = {
    "vice", "deputy", "senior", "junior", "chief", "executive", "managing", "general", "prime",
    "global", "regional", "international", "national", "marketing", "sports", "sport",
    "commercial", "communications", "digital", "performance", "technical", "operations",
    "brand", "sponsorship", "partnerships", "games", "olympic", "media", "finance",
    "financial", "legal", "press", "interim", "acting", "associate", "assistant",
    "programme", "program", "event", "events", "team", "founding", "head", "product",
    "country", "development", "strategy", "content", "partner", "operating", "creative",
    "technology", "information", "people", "athlete", "athletes", "community", "corporate",
    "public", "affairs", "business", "sales", "medical", "competition", "venue",
    "hospitality", "security", "sustainability", "innovation",
}
# German titles are compounds ("Verbandspräsidentin", "DOSB-Vorstandsvorsitzender"):
# matched on the ending of the word.
ROLE_STEM_DE = re.compile(
    r"(präsident|chef|direktor|vorsitzend|vorstand|vorständin|geschäftsführer|sprecher"
    r"|leiter|trainer|minister|sekretär|botschafter|gründer|manager|meister|kapitän"
    r"|koordinator|berater|referent|vertreter|beauftragt|sieger|medaillengewinner|torhüter"
    r"|torwart|spieler|stürmer|verteidiger)(in|innen|en|e|er|es|s)?$"
)
ROLE_WORDS_FR = {
    "président", "présidente", "vice-président", "vice-présidente", "directeur",
    "directrice", "pdg", "dg", "secrétaire", "ministre", "porte-parole", "responsable",
    "chef", "cheffe", "fondateur", "fondatrice", "entraîneur", "entraîneuse",
    "sélectionneur", "maire", "adjoint", "adjointe", "ambassadeur", "ambassadrice",
    "délégué", "déléguée", "manager", "conseiller", "conseillère", "chargé", "chargée",
    "coordinateur", "coordinatrice", "chercheur", "chercheuse", "capitaine", "gérant",
    "gérante", "administrateur", "administratrice", "patron", "patronne", "trésorier",
    "champion", "championne", "médaillé", "médaillée", "vice-champion", "vice-championne",
    "technicien", "technicienne", "tacticien", "tacticienne",
}
# Nouns for someone the text does not name: "said the source", "so ein Sprecher".
UNNAMED_SOURCE_NOUNS = {
    "source", "sources", "official", "officials", "spokesperson", "spokesman", "spokeswoman",
    "insider", "person", "statement", "report", "sprecher", "sprecherin", "quelle",
    "insiderin", "mitteilung", "porte-parole", "communiqué", "proche",
}

# Capitalised words that are never part of a person's name.
NOT_NAME_WORDS = {
    # sentence openers and function words
    "the", "a", "an", "in", "at", "on", "for", "with", "from", "by", "as", "after",
    "before", "during", "when", "while", "this", "that", "these", "those", "it", "we",
    "our", "they", "their", "he", "she", "his", "her", "i", "my", "you", "your", "and",
    "but", "or", "also", "however", "meanwhile", "yesterday", "today", "tomorrow", "now",
    "then", "speaking", "commenting", "according", "following", "last", "next", "both",
    "der", "die", "das", "des", "dem", "den", "ein", "eine", "im", "am", "an", "auf",
    "bei", "mit", "nach", "vor", "von", "zum", "zur", "auch", "dabei", "dazu", "heute",
    "gestern", "laut", "für", "wir", "ich", "sie", "er", "es", "unsere", "unser",
    "le", "la", "les", "l", "un", "une", "lors", "pour", "selon", "après", "avant",
    "dans", "sur", "avec", "chez", "hier", "aujourd", "nous", "je", "il", "elle", "ce",
    "cette", "mais", "et", "d", "de", "du", "en",
    # sentence adverbs and conjunctions that open a sentence before its verb
    "still", "yet", "instead", "later", "earlier", "indeed", "finally", "there", "here",
    "und", "oder", "aber", "doch", "denn", "dennoch", "zugleich", "dort", "hier", "so",
    "da", "nun", "jetzt", "zudem", "außerdem", "deshalb", "daher", "trotzdem", "später",
    "anschließend", "damals", "inzwischen", "bislang", "bisher", "schließlich", "zuletzt",
    "allerdings", "indes", "jedoch", "danach", "zuvor", "gleichzeitig", "ebenso", "weil",
    "beispielsweise", "etwa", "wer", "was", "wie", "wo", "warum", "ob", "dass", "als", "wenn",
    "pourtant", "ainsi", "alors", "ensuite", "enfin", "puis", "déjà", "aussi", "là",
    "ihr", "ihre", "ihren", "ihrem", "ihrer", "sein", "seine", "seinen", "seinem", "seiner",
    "mein", "meine", "son", "sa", "ses", "leur", "leurs", "notre", "nos", "votre", "its",
    # honorifics
    "mr", "mrs", "ms", "dr", "prof", "sir", "dame", "herr", "frau", "m", "mme", "mlle",
    # months and days
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "januar", "februar", "märz", "juni",
    "juli", "oktober", "dezember", "montag", "dienstag", "mittwoch", "donnerstag",
    "freitag", "samstag", "sonntag", "janvier", "février", "mars", "avril", "mai",
    "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
}
# Capitalised words of organisations, events and places: "Deutsche" in "Die Deutsche
# Telekom" makes the run an organisation, not a person called Telekom.
ORG_NAME_WORDS = {
    "olympic", "olympics", "paralympic", "games", "committee", "group", "international",
    "national", "world", "cup", "championship", "championships", "federation",
    "association", "union", "league", "club", "council", "commission", "department",
    "foundation", "university", "agency", "company", "corporation", "services",
    "partners", "movement", "board", "session", "congress", "ministry", "city", "bank",
    "business", "accelerator", "programme", "program", "channel", "museum", "inc",
    "ltd", "plc", "llc", "ag", "gmbh", "se", "sa", "sas", "co", "team", "youth",
    "winter", "summer", "european", "asian", "african", "global", "new", "north",
    "south", "east", "west", "olympische", "olympischen", "olympischer", "spiele",
    "komitee", "komitees", "internationale", "internationalen", "deutsche", "deutschen",
    "deutscher", "sportbund", "sportbunds", "verband", "verbands", "stiftung", "verein",
    "ministerium", "stadt", "universität", "gruppe", "comité", "jeux", "fédération",
    "ligue", "ville", "université", "conseil", "olympique", "olympiques", "groupe",
    "ministère", "sports", "sport", "agenda", "day", "week", "media", "swiss", "british",
    "french", "american", "chinese", "française", "français", "schweizer", "österreichische",
    # words of multi-word place names, which otherwise look like a first and last name
    "los", "las", "san", "santa", "saint", "sainte", "rio", "hong", "kong", "abu", "dhabi",
    "tel", "aviv", "buenos", "aires", "lake", "angeles", "vegas", "francisco", "diego",
    "janeiro", "cortina", "ampezzo", "milano", "salt",
}
NOT_NAME_WORDS |= ORG_NAME_WORDS

# Organisation heads that make a lower-case complement an organisation ("du comité
# d'organisation") and mark a capitalised run as an organisation.
ORG_HEADS = {
    "committee", "federation", "association", "union", "league", "club", "council",
    "commission", "department", "foundation", "university", "agency", "company", "group",
    "comité", "fédération", "ligue", "conseil", "ministère", "université", "groupe",
    "association", "agence", "société", "club", "commission",
}

# Words right before a quote mark that make the quoted span a name or title.
TITLE_INTRODUCERS = {
    "so-called", "called", "named", "titled", "entitled", "dubbed", "campaign",
    "programme", "program", "initiative", "newspaper", "magazine", "book", "film",
    "documentary", "series", "project", "slogan", "motto", "hashtag", "label", "app",
    "sogenannte", "sogenannten", "sogenannter", "sogenanntes", "genannt", "titel",
    "kampagne", "programm", "motto", "zeitung", "magazin", "initiative", "projekt",
    "slogan", "buch", "film", "serie", "marke", "aktion", "dit", "dite", "dits",
    "baptisé", "baptisée", "intitulé", "intitulée", "nommé", "nommée", "programme",
    "campagne", "journal", "magazine", "opération", "projet", "devise", "livre", "série",
    "soi-disant", "émission",
}

# Abbreviated titles before a name ("Rep. Bobby Scott", "Sen.", "Gov."): never a name.
TITLE_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "rep", "reps", "sen", "sens", "gov", "lt", "col", "gen",
    "sgt", "capt", "cmdr", "adm", "rev", "fr", "sr", "st", "hon", "pres", "atty", "supt",
    "insp", "amb", "mme", "mlle", "mm", "hr", "fr", "dipl", "ing",
}

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd", "co", "vs", "no",
    "nr", "bzw", "ca", "vgl", "z", "b", "m", "mme", "mlle", "hr", "fr", "gen", "ing",
}


def cue_alternation(language: str | None, table: dict[str, list[str]]) -> str:
    """A regex alternation of the cues of one language (all languages when None), for a
    case-insensitive pattern. The cues are folded into a trie ("sa(?:id|ys|gte)…"): the
    regex then rejects a position after one character test instead of one per cue, which
    makes the cue scans two to three times faster; longer cues are still tried first."""
    languages = [language] if language in table else (list(table) if language is None else [])
    words = {w.lower() for lang in languages for w in table.get(lang, [])}
    return trie_pattern(words, _unit)


def _unit(ch: str) -> str:
    return r"\s+" if ch == " " else "['’]" if ch in "'’" else re.escape(ch)
