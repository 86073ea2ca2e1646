"""Date mentions: each form of the issue, year inference, relative resolution, negatives."""

import pytest

from extract.dates import find_dates

PUBLISHED = "2024-12-05"  # a Thursday


def values(text, language=None, published=PUBLISHED):
    return [d.value for d in find_dates(text, language, published)]


def only(text, language=None, published=PUBLISHED):
    mentions = find_dates(text, language, published)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    "text, language, value",
    [
        ("The deal was signed on 3 December 2024 in Lausanne.", "en", "2024-12-03"),
        ("The deal was signed on December 3, 2024 in Lausanne.", "en", "2024-12-03"),
        ("The launch of 22 Jul 2021 was a success.", "en", "2021-07-22"),
        ("Published 2024-12-03 by the IOC.", "en", "2024-12-03"),
        ("Die Frist endet am 03.12.2024.", "de", "2024-12-03"),
        ("Die Frist endet am 3. Dezember 2024.", "de", "2024-12-03"),
        ("L'accord a été signé le 3 décembre 2024.", "fr", "2024-12-03"),
        ("Le rapport est daté du 28/11/2024.", "fr", "2024-11-28"),
        ("Registrations close on 10.01.25.", "en", "2025-01-10"),
    ],
)
def test_explicit_day_dates(text, language, value):
    mention = only(text, language)
    assert (mention.value, mention.granularity, mention.resolved_from) == (value, "day", "explicit")
    assert text[mention.start:mention.end] == mention.text


@pytest.mark.parametrize(
    "text, language, value",
    [
        ("The programme started on the 3rd of December.", "en", "2024-12-03"),
        ("Am 3. Dez. beginnt die Schulung.", "de", "2024-12-03"),
        ("Le 1er décembre, Omega a dévoilé son chronomètre.", "fr", "2024-12-01"),
        ("Ticket sales open on January 9.", "en", "2025-01-09"),
    ],
)
def test_year_less_dates_take_the_nearest_year(text, language, value):
    mention = only(text, language)
    assert (mention.value, mention.resolved_from) == (value, "inferred-year")


def test_december_date_in_a_january_article_is_last_year():
    assert values("Die Bilanz wurde am 12. Dezember vorgelegt.", "de", "2024-01-10") == [
        "2023-12-12"
    ]
    assert values("The forum is on 4 June.", "en", "2025-01-15") == ["2025-06-04"]


def test_without_publication_date_year_less_and_relative_dates_stay_unresolved():
    mentions = find_dates("The board meets on 3 December. It met yesterday.", "en", None)
    assert [(m.text, m.value, m.resolved_from) for m in mentions] == [
        ("3 December", None, "inferred-year"),
        ("yesterday", None, "relative"),
    ]
    assert values("Signed on 15 October 2023.", "en", None) == ["2023-10-15"]


@pytest.mark.parametrize(
    "text, language, value",
    [
        ("Test events were held 12–15 December.", "en", "2024-12-12/2024-12-15"),
        ("Held between 6 and 10 April.", "en", "2025-04-06/2025-04-10"),
        ("Die WM findet vom 3. bis 9. Dezember statt.", "de", "2024-12-03/2024-12-09"),
        ("Die Konferenz läuft vom 6. bis zum 10. April.", "de", "2025-04-06/2025-04-10"),
        ("Les championnats ont lieu du 3 au 9 décembre.", "fr", "2024-12-03/2024-12-09"),
        ("Tickets for 28 August to 8 September 2025.", "en", "2025-08-28/2025-09-08"),
        ("The camp runs from 28 December to 3 January.", "en", "2024-12-28/2025-01-03"),
        ("The pilot covers 2025–2028.", "en", "2025/2028"),
    ],
)
def test_ranges_win_over_their_parts(text, language, value):
    mention = only(text, language)
    assert (mention.value, mention.granularity) == (value, "range")


def test_and_without_between_names_two_dates():
    assert values("Meetings on 3 and 9 December.", "en") == ["2024-12-09"]
    assert values("On 28 August and 8 September.", "en") == ["2024-08-28", "2024-09-08"]


def test_future_tense_moves_a_past_looking_date_to_next_year():
    assert values("The finalists were named in July.", "en") == ["2024-07"]
    assert values("The finalists will be named in July.", "en") == ["2025-07"]


def test_29_february_needs_a_leap_year_nearby():
    assert values("Held on 29 February.", "en", "2024-01-10") == ["2024-02-29"]
    assert values("Held on 29 February.", "en", "2026-01-10") == []


@pytest.mark.parametrize(
    "text, language, value, resolved_from",
    [
        ("Die Finalisten werden im Juli bekanntgegeben.", "de", "2025-07", "inferred-year"),
        ("The winners were announced in July 2024.", "en", "2024-07", "explicit"),
        ("Les résultats seront connus en mars.", "fr", "2025-03", "inferred-year"),
        ("The draw takes place in mid-February.", "en", "2025-02", "inferred-year"),
    ],
)
def test_months(text, language, value, resolved_from):
    mention = only(text, language)
    assert (mention.value, mention.granularity, mention.resolved_from) == (
        value, "month", resolved_from)


def test_bare_month_words_are_not_dates():
    assert values("You may march on; Mai Thai won.", "en") == []


@pytest.mark.parametrize(
    "text, language, value",
    [
        ("Die Olympischen Spiele 2024 werden eröffnet.", "de", "2024"),
        ("Les Jeux Olympiques de 2028 se préparent.", "fr", "2028"),
        ("Broadcasting at the 2026 Winter Games.", "en", "2026"),
        ("Official Timekeeper since 1932.", "en", "1932"),
    ],
)
def test_years_in_date_or_event_context(text, language, value):
    mention = only(text, language)
    assert (mention.value, mention.granularity) == (value, "year")


@pytest.mark.parametrize(
    "text, language",
    [
        ("The Olympic Games Paris 2024 open today.", "en"),
        ("Milano Cortina 2026 hat den Fackellauf vorgestellt.", "de"),
        ("La commission pour LA 2028 s'est réunie.", "fr"),
        ("Milano Cortina 2026, LA 2028 Youth Olympic Games", "en"),
        ("Paris 2024 Olympic Games", "en"),
        ("The Olympic Agenda 2020+5 recommendations.", "en"),
        ("Die Fanzone ist 24/7 geöffnet.", "de"),
        ("Italy beat Sweden 3-2, 31:27 and 2:1 in the rankings.", "en"),
        ("Tickets cost €24, 29,45 Euro or 1 250 euros.", "en"),
        ("Call +41 21 621 6000 or 069 6700 2024.", "en"),
        ("Firmware version 2.10.24 and Version 2.5.2025 ship now.", "en"),
        ("The form number 2024-113 and reference 12/45/2024.", "en"),
        ("1,500 delegates, 2.024 applications, 9.58 seconds and 2024 points.", "en"),
    ],
)
def test_not_dates(text, language):
    assert [d.text for d in find_dates(text, language, PUBLISHED) if d.granularity != "day"
            or d.resolved_from != "relative"] == []


def test_games_name_is_skipped_but_other_dates_are_kept():
    assert values("The Olympic Games Paris 2024 open today.", "en", "2024-07-26") == [
        "2024-07-26"]


def test_impossible_dates_invent_nothing():
    assert find_dates("The ceremony on 31 February 2024 was a typo.", "en", PUBLISHED) == []
    assert find_dates("Der 31. Februar war ein Tippfehler.", "de", PUBLISHED) == []
    assert find_dates("Daté du 31/02/2024.", "fr", PUBLISHED) == []


@pytest.mark.parametrize(
    "text, language, published, value, granularity",
    [
        ("Alibaba said on Tuesday that traffic rose.", "en", "2025-01-08", "2025-01-07", "day"),
        ("They will present their plans on Friday.", "en", "2024-12-18", "2024-12-20", "day"),
        ("The decision was taken yesterday.", "en", "2025-03-13", "2025-03-12", "day"),
        ("The report is due next week.", "en", "2025-01-08", "2025-01-13/2025-01-19", "range"),
        ("It launched three days ago.", "en", "2025-06-02", "2025-05-30", "day"),
        ("Der Verband hat gestern informiert.", "de", "2025-01-08", "2025-01-07", "day"),
        ("Das Team reiste am Montag an.", "de", "2024-07-26", "2024-07-22", "day"),
        ("Die Abreise ist am kommenden Montag.", "de", "2025-01-03", "2025-01-06", "day"),
        ("Im Vorjahr war es weniger.", "de", "2025-11-14", "2024", "year"),
        ("La fédération a annoncé hier le calendrier.", "fr", "2025-01-08", "2025-01-07", "day"),
        ("La billetterie ouvrira la semaine prochaine.", "fr", "2025-01-08",
         "2025-01-13/2025-01-19", "range"),
        ("La commission s'est réunie jeudi dernier.", "fr", "2025-01-15", "2025-01-09", "day"),
        ("Les résultats sont attendus le mois prochain.", "fr", "2024-12-05", "2025-01", "month"),
    ],
)
def test_relative_expressions_resolve_against_publication(
        text, language, published, value, granularity):
    mention = only(text, language, published)
    assert (mention.value, mention.granularity, mention.resolved_from) == (
        value, granularity, "relative")


def test_named_days_are_not_weekdays():
    assert values("Sales peaked on Black Friday.", "en") == []


@pytest.mark.parametrize(
    "text, language, value",
    [
        ("A press conference on 10 December at 10:00 CET.", "en", "2024-12-10T10:00"),
        ("Das Finale wird am 9. Februar um 14 Uhr angepfiffen.", "de", "2025-02-09T14:00"),
        ("La finale se jouera le 9 février à 14h.", "fr", "2025-02-09T14:00"),
        ("A briefing on 14 January at 2 pm.", "en", "2025-01-14T14:00"),
        ("13 Mar 2025 23:29", "en", "2025-03-13T23:29"),
    ],
)
def test_times(text, language, value):
    mention = only(text, language)
    assert (mention.value, mention.granularity) == (value, "time")


def test_language_is_guessed_and_german_hier_is_not_yesterday():
    text = "Die Athleten trainieren hier seit Montag, und die Spiele beginnen am 9. Februar."
    mentions = find_dates(text, None, "2025-01-08")
    assert [m.text for m in mentions] == ["Montag", "9. Februar"]


def test_results_are_sorted_and_do_not_overlap():
    text = ("Held 12–15 December 2024; on Monday, 16 December 2024 and yesterday; "
            "since 1932 and vom 3. bis 9. Dezember.")
    mentions = find_dates(text, None, PUBLISHED)
    assert len(mentions) >= 4
    for before, after in zip(mentions, mentions[1:], strict=False):
        assert before.end <= after.start
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text


def test_published_may_be_a_datetime_and_bad_published_means_unresolved():
    assert values("It happened yesterday.", "en", "2024-12-05T10:00:00+01:00") == ["2024-12-04"]
    assert values("It happened yesterday.", "en", "not a date") == [None]
    assert values("It happened yesterday, on 3 May.", "en", "0001-01-01") == [None, None]


def test_two_digit_years():
    assert values("Die Gala findet am 03.02.24 statt.", "de", "2024-01-10") == ["2024-02-03"]
    assert values("Gegründet am 18.08.49.", "de", "2024-01-10") == ["1949-08-18"]
    assert values("Gegründet am 18.08.49.", "de", None) == ["2049-08-18"]


@pytest.mark.parametrize("text", ["", " ", "0" * 200_000, "1234567890 " * 20_000,
                                  "31 February 2024 " * 5_000, "December " * 20_000])
def test_bad_input_is_bounded(text):
    mentions = find_dates(text, None, PUBLISHED)  # speed: bench/dates_eval.py
    assert all(m.value is not None for m in mentions)
    assert mentions == []


@pytest.mark.parametrize(
    "text, language, value",
    [
        ("Sponsorship revenue compares with 2021, when venues were closed.", "en", "2021"),
        ("2023 was the strongest year since the partnership began.", "en", "2023"),
        ("Die Entscheidung über die Vergabe fällt 2027.", "de", "2027"),
        ("2023 wurden mehr als 400 Athleten gefördert.", "de", "2023"),
        ("Der Umsatz stieg 2024 um 12 Prozent.", "de", "2024"),
        ("Sales grew 5% over 2022.", "en", "2022"),
        ("Attendance beat 2019's record.", "en", "2019"),
        ("Le nombre de bénévoles est plus élevé qu'en 2021.", "fr", "2021"),
        ("La billetterie a progressé par rapport à 2022.", "fr", "2022"),
    ],
)
def test_bare_years_used_as_time_adverbials(text, language, value):
    mention = only(text, language)
    assert (mention.text, mention.value, mention.granularity) == (value, value, "year")


@pytest.mark.parametrize(
    "text, language",
    [
        ("The lounge welcomed 2024 athletes and 1500 volunteers.", "en"),
        ("Between 2000 and 3000 fans will attend.", "en"),
        ("Room 2024 is booked; the ticket cost 2024.", "en"),
        ("Paris 2024 was a success for Visa.", "en"),
        ("1500, 2000 and 2500 tickets were sold.", "en"),
        ("Beim Lauf kamen 2024 Teilnehmer ins Ziel.", "de"),
        ("Die Sporthilfe förderte 2024 neue Athleten.", "de"),
        ("Die Software in Version 2025 läuft stabil, Hotline 0800 2024.", "de"),
        ("Omega a mesuré 2023 courses au prix de 2025 francs.", "fr"),
        ("Le budget variait de 2000 à 3000 euros.", "fr"),
    ],
)
def test_counts_names_and_numbers_are_not_adverbial_years(text, language):
    assert find_dates(text, language, PUBLISHED) == []


@pytest.mark.parametrize(
    "text, language, value",
    [
        ("The Session will be held 18-20 June in Lausanne.", "en", "2025-06-18/2025-06-20"),
        ("The forum is held June 18-20, 2025.", "en", "2025-06-18/2025-06-20"),
        ("Die Tagung findet 18.-20. Juni statt.", "de", "2025-06-18/2025-06-20"),
        ("La session se tiendra les 18-20 juin.", "fr", "2025-06-18/2025-06-20"),
    ],
)
def test_year_less_hyphen_ranges(text, language, value):
    mention = only(text, language)
    assert (mention.value, mention.granularity) == (value, "range")


def test_a_day_range_that_runs_backwards_is_a_score_not_a_range():
    assert find_dates("Italy won 3-2 June qualifiers.", "en", PUBLISHED) == []


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("The board, which met on Tuesday, will publish its findings.", "en", ["2024-12-03"]),
        ("The board which met on Tuesday will publish its findings.", "en", ["2024-12-03"]),
        ("Ob am Samstag gestreikt wird, ist offen.", "de", ["2024-12-07"]),
        ("Am Dienstag hat der Vorstand beschlossen, dass er bald tagen wird.", "de",
         ["2024-12-03"]),
        ("The athletes arrived on Monday and will compete on Saturday.", "en",
         ["2024-12-02", "2024-12-07"]),
        ("Alibaba said on Tuesday that it will open a data centre.", "en", ["2024-12-03"]),
        ("On Friday, the IOC will announce the host.", "en", ["2024-12-06"]),
        ("The finalists will be announced on Friday, the IOC said.", "en", ["2024-12-06"]),
        ("Das Komitee, das am Dienstag tagte, wird im Juni beraten.", "de",
         ["2024-12-03", "2025-06"]),
        ("Die Kommission, die am Montag zusammentrat, wird bald berichten.", "de",
         ["2024-12-02"]),
        ("Le comité, qui s'est réuni mardi, se prononcera vendredi.", "fr",
         ["2024-12-03", "2024-12-06"]),
    ],
)
def test_the_weekday_takes_the_tense_of_its_own_clause(text, language, expected):
    assert values(text, language) == expected


@pytest.mark.parametrize(
    "text, language, value",
    [
        ("Victoire 2-1 de Lyon samedi face à Nice", "fr", "2024-11-30"),
        ("Heimsieg für Leverkusen Samstag gegen Frankfurt", "de", "2024-11-30"),
    ],
)
def test_bare_weekday_after_a_name_in_a_headline_is_the_latest_such_day(text, language, value):
    mention = only(text, language)
    assert (mention.value, mention.resolved_from) == (value, "relative")


@pytest.mark.parametrize(
    "text, language",
    [
        ("Am Schwarzen Freitag war viel los.", "de"),
        ("Le Mardi gras a été fêté à Nice.", "fr"),
        ("Super Tuesday results came in.", "en"),
    ],
)
def test_named_days_in_each_language(text, language):
    assert find_dates(text, language, PUBLISHED) == []


@pytest.mark.parametrize("text", ["it was 2024 and " * 10_000,
                                  "The board, which met on Tuesday, will " * 2_500])
def test_many_adverbial_years_and_clauses_are_bounded(text):
    mentions = find_dates(text, "en", PUBLISHED)
    assert mentions and all(m.value is not None for m in mentions)


def test_weekdays_listed_side_by_side_are_a_table_heading():
    text = "Trainingsplan: Montag Dienstag Mittwoch Donnerstag"
    assert [m.text for m in find_dates(text, "de", PUBLISHED)] == ["Montag"]
