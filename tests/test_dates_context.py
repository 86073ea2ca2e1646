"""Numeric dates and their day/month order, abbreviated months, years from month-only
publication dates and from the text, weekday agreement: positives and the negatives that
must stay out (team-written sentences, EN/DE/FR)."""

import pytest

from extract.dates import find_dates


def found(text, language, published="2024-12-05", source=None):
    return [(d.text, d.value) for d in find_dates(text, language, published, source)]


# --- numeric dates --------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, language, published, source, expected",
    [
        # US citations without a year, after a word that introduces a date
        ("The court ruled on 1/28 that the contract stands.", "en", "2020-02-03", None,
         [("1/28", "2020-01-28")]),
        ("Hearings resume on 12/8, the clerk said.", "en", "2020-11-30", None,
         [("12/8", "2020-12-08")]),
        ("Prices are frozen until 3/31.", "en", "2021-03-02", None, [("3/31", "2021-03-31")]),
        ("The portal has been closed since Tuesday, 1/28.", "en", "2020-02-03", None,
         [("Tuesday, 1/28", "2020-01-28")]),
        # French and German year-less forms
        ("Les inscriptions sont ouvertes jusqu'au 28/02.", "fr", "2025-02-10", None,
         [("28/02", "2025-02-28")]),
        ("Der Vorverkauf läuft bis 15.03., danach gilt der Normalpreis.", "de", "2025-02-10",
         None, [("15.03.", "2025-03-15")]),
        ("Treffpunkt ist Mittwoch, 20.08., am Bahnhof.", "de", "2025-08-10", None,
         [("Mittwoch, 20.08.", "2025-08-20")]),
        # full dates: dots are day-first everywhere
        ("Stand: 09.08.2010, 14:30 Uhr", "de", None, None, [("09.08.2010, 14:30 Uhr",
                                                            "2010-08-09T14:30")]),
        ("Stand:09.08.2010", "de", None, None, [("09.08.2010", "2010-08-09")]),
        ("Updated 09.08.2010 by the newsroom.", "en", None, None, [("09.08.2010", "2010-08-09")]),
        # slashes: English is month-first unless the source or a sibling says otherwise
        ("The filing is dated 09/08/2010.", "en", None, None, [("09/08/2010", "2010-09-08")]),
        ("The filing is dated 09/08/2010.", "en", None, "https://www.example.co.uk/news/1",
         [("09/08/2010", "2010-08-09")]),
        ("The filing is dated 09/08/2010.", "en", None, "example.gov",
         [("09/08/2010", "2010-09-08")]),
        ("Filed on 13/08/2010 and amended on 09/08/2011.", "en", None, None,
         [("13/08/2010", "2010-08-13"), ("09/08/2011", "2011-08-09")]),
        ("Le rapport du 03/04/2024 remplace celui du 12/25/2023.", "fr", None, None,
         [("03/04/2024", "2024-03-04"), ("12/25/2023", "2023-12-25")]),
        ("Le rapport est daté du 03/04/2024.", "fr", None, None, [("03/04/2024", "2024-04-03")]),
        ("Deadline 10-31-2024 for all entries.", "en", None, None, [("10-31-2024", "2024-10-31")]),
    ],
)
def test_numeric_dates(text, language, published, source, expected):
    assert found(text, language, published, source) == expected


@pytest.mark.parametrize(
    "text, language",
    [
        ("Add 1/2 cup of sugar and 3/4 teaspoon of salt.", "en"),
        ("On 1/2 of the days the lifts were closed.", "en"),
        ("The fund cut its stake by 1/3 on Friday.", "en"),
        ("Use a 3/4-inch bolt; it is rated 5/8 in.", "en"),
        ("The Lakers won 3/1 in the series and shot 12/28 from deep.", "en"),
        ("Support is available 24/7 on 0800 12 12 12.", "en"),
        ("Shares rose 1.28 to $12/8 lots; the ratio is 16/9.", "en"),
        ("Version 12/8 of the app and release 2.1.28 are out.", "en"),
        ("Die Quote lag bei 1/3, der Kurs bei 12,8 Prozent.", "de"),
        ("Das Spiel endete 3:1, die Hotline ist 24/7 erreichbar.", "de"),
        ("La moitié, soit 1/2 des billets, a été vendue à 12,80 euros.", "fr"),
        ("Le score final est de 3/1 et le ratio de 16/9.", "fr"),
    ],
)
def test_fractions_scores_prices_ratios_are_not_dates(text, language):
    mentions = find_dates(text, language, "2024-12-05")
    assert [m.text for m in mentions if m.resolved_from != "relative"] == []


# --- abbreviated months -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text, language, published, expected",
    [
        ("The board approved the plan on Oct 27, 2009.", "en", None,
         [("Oct 27, 2009", "2009-10-27")]),
        ("The board approved the plan on Oct. 27.", "en", "2009-11-02",
         [("Oct. 27", "2009-10-27")]),
        ("Die Sitzung war am 27. Okt. in Frankfurt.", "de", "2009-11-02",
         [("27. Okt.", "2009-10-27")]),
        ("Die Sitzung war am 27. Okt 2009 in Frankfurt.", "de", None,
         [("27. Okt 2009", "2009-10-27")]),
        ("La réunion a eu lieu le 27 oct. à Lyon.", "fr", "2009-11-02",
         [("le 27 oct.", "2009-10-27")]),
        ("La réunion a eu lieu le 3 janv. 2010.", "fr", None,
         [("le 3 janv. 2010", "2010-01-03")]),
        # an English date quoted in German or French text
        ("Die Mitteilung vom Oct 27, 2009 blieb unbeantwortet.", "de", None,
         [("Oct 27, 2009", "2009-10-27")]),
        ("Le communiqué du 27 Oct 2009 est resté sans réponse.", "fr", None,
         [("27 Oct 2009", "2009-10-27")]),
    ],
)
def test_abbreviated_months(text, language, published, expected):
    assert found(text, language, published) == expected


# --- years for year-less dates ------------------------------------------------------------
@pytest.mark.parametrize(
    "text, language, published, expected",
    [
        ("The board met on 3 September.", "en", "2018-09", [("3 September", "2018-09-03")]),
        ("Der Vorstand tagt am 2. Januar.", "de", "2018-12", [("2. Januar", "2019-01-02")]),
        ("Le conseil s'est réuni le 28 décembre.", "fr", "2019-01", [("le 28 décembre",
                                                                      "2018-12-28")]),
        ("The forum ran 18-20 June.", "en", "2018-09", [("18-20 June", "2018-06-18/2018-06-20")]),
        ("The forum is held in July.", "en", "2018", [("July", "2018-07")]),
    ],
)
def test_month_only_and_year_only_publication_dates(text, language, published, expected):
    assert found(text, language, published) == expected


def test_coarse_publication_date_leaves_weekdays_and_days_unresolved():
    text = "The board met on Tuesday and will meet again next month; it met yesterday."
    assert found(text, "en", "2018-09") == [
        ("Tuesday", None), ("next month", "2018-10"), ("yesterday", None)]
    assert found("Im Vorjahr war es weniger.", "de", "2018") == [("Im Vorjahr", "2017")]


@pytest.mark.parametrize(
    "text, language, published, expected",
    [
        # the year after publication, where the nearest year would put it before publication
        ("Das Ziel für 2008 sind zehn Medaillen. Die Spiele finden vom 8. bis 24. August "
         "statt.", "de", "2007-12-10",
         [("2008", "2008"), ("vom 8. bis 24. August", "2008-08-08/2008-08-24")]),
        ("Our target for 2008 is clear.\n\nThe Games run from 8 to 24 August.", "en",
         "2007-12-10", [("2008", "2008"), ("from 8 to 24 August", "2008-08-08/2008-08-24")]),
        ("L'objectif fixé pour 2008 est clair. Les Jeux se dérouleront du 8 au 24 août.", "fr",
         "2007-12-10", [("2008", "2008"), ("du 8 au 24 août", "2008-08-08/2008-08-24")]),
        # a past year stated in the same sentence
        ("In 1936, the Games opened on 1 August in Berlin.", "en", "2024-07-20",
         [("1936", "1936"), ("1 August", "1936-08-01")]),
        ("Im Jahr 1972 wurden die Spiele am 26. August eröffnet.", "de", "2024-07-20",
         [("1972", "1972"), ("26. August", "1972-08-26")]),
        # an explicit date lends its year to the day after it in the same sentence
        ("Les travaux ont débuté le 3 mars 2015 et se sont achevés le 30 juin.", "fr",
         "2024-07-20", [("le 3 mars 2015", "2015-03-03"), ("le 30 juin", "2015-06-30")]),
    ],
)
def test_years_stated_in_the_text(text, language, published, expected):
    assert found(text, language, published) == expected


@pytest.mark.parametrize(
    "text, language, published, expected",
    [
        # the publication year or a start point or event year says nothing
        ("The full report, dated 28/11/2024, is online; the next phase starts in January.",
         "en", "2024-11-29", [("28/11/2024", "2024-11-28"), ("January", "2025-01")]),
        ("A partner since 2014, the company reported sales in the quarter to 30 June.", "en",
         "2024-09-20", [("2014", "2014"), ("30 June", "2024-06-30")]),
        ("Sales rose compared with 2023, the report said on 30 June.", "en", "2024-07-05",
         [("2023", "2023"), ("30 June", "2024-06-30")]),
        ("Die Bewerbung für die Spiele 2040 wurde am 3. Dezember eingereicht.", "de",
         "2024-12-05", [("2040", "2040"), ("3. Dezember", "2024-12-03")]),
        # next year stated, but the date is near and ahead: the nearest year stands
        ("Sponsors will present their plans for 2026 at the forum on 18-20 June.", "en",
         "2025-03-12", [("2026", "2026"), ("18-20 June", "2025-06-18/2025-06-20")]),
        # a past-tense date is not moved after publication
        ("The 2025 calendar was published on 3 December.", "en", "2024-12-05",
         [("3 December", "2024-12-03")]),
        # without a publication date, the text's years are not taken
        ("The charter was amended on 15 October 2023. The board meets on 3 December.", "en",
         None, [("15 October 2023", "2023-10-15"), ("3 December", None)]),
    ],
)
def test_years_in_the_text_that_must_not_be_taken(text, language, published, expected):
    assert found(text, language, published) == expected


# --- weekday agreement --------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, language, published, value",
    [
        # 3 March 2014 was a Monday; published in September 2014 the nearest year agrees
        ("The board met on Monday, 3 March.", "en", "2014-09-01", "2014-03-03"),
        # published in September 2014, nearest is March 2015 (a Tuesday): Monday means 2014
        ("The board met on Monday, 3 March.", "en", "2014-09-20", "2014-03-03"),
        # 3 March 2015 was a Tuesday
        ("Le conseil se réunira le mardi 3 mars.", "fr", "2014-09-01", "2015-03-03"),
        ("Die Sitzung ist am Dienstag, 3. März.", "de", "2014-09-01", "2015-03-03"),
        # 3 March 2013 was a Sunday
        ("The board met on Sunday, 3 March.", "en", "2014-09-01", "2013-03-03"),
        # a weekday that fits no nearby year leaves the nearest year
        ("The board met on Friday, 3 March.", "en", "2014-09-01", "2014-03-03"),
    ],
)
def test_weekday_picks_the_year(text, language, published, value):
    assert [d.value for d in find_dates(text, language, published)] == [value]
