"""Organisation names by their form: a legal form closing them, a club prefix opening
them (sentences written for these tests)."""
import pytest

from extract.entities import find_entities, parse
from extract.org_patterns import strong_organisations


def spans(text):
    return [text[a:b] for a, b in strong_organisations(text)]


@pytest.mark.parametrize("text, names", [
    ("Die Halbjahreszahlen der Brenntag Logistik GmbH überraschten.", ["Brenntag Logistik GmbH"]),
    ("Der Umsatz der Hellwig AG stieg, sagte der Vorstand.", ["Hellwig AG"]),
    ("Sie arbeitet für die Deutsche Gesellschaft für Wasserrettung e.V. in Kiel.",
     ["Deutsche Gesellschaft für Wasserrettung e.V."]),
    ("Der Zulieferer kamelot GmbH meldete Kurzarbeit an.", ["kamelot GmbH"]),
    ("Shares of Harbourline Freight plc fell on Monday.", ["Harbourline Freight plc"]),
    ("Der TSV Oberweiler 1908 gewann gegen den 1. FC Talheim.", ["1. FC Talheim", "TSV Oberweiler 1908"]),
])
def test_legal_forms_and_club_prefixes(text, names):
    assert sorted(spans(text)) == sorted(names)


@pytest.mark.parametrize("text", [
    "Die AG der Schülervertretung tagt am Montag.",          # a working group, no name before it
    "Ab der AS Kirchheim ist die A8 gesperrt.",              # a motorway exit, not a club
    "Sie kam um 10 Uhr, die Sitzung der GmbH-Gesellschafter war vorbei.",
    "He said the plan and the AG were fine.",
])
def test_no_organisation_without_a_name(text):
    assert spans(text) == []


def test_the_pattern_replaces_a_shorter_model_mention_but_not_a_longer_one():
    text = "Der Vorstandschef der Hellwig Logistik AG, Jan Moritz, sprach von einem guten Jahr."
    found = {(m.text, m.label) for m in find_entities(text, "de", doc=parse(text, "de"))}
    assert ("Hellwig Logistik AG", "ORG") in found
    assert not any(label == "ORG" and name.startswith("der ") for name, label in found)
