"""The parser's part of issue 14 (items 10 and 11): invisible characters and two masthead dates."""

import datetime

from issues.parsing import parse_text
from tests.conftest import SEED_2021

HEADLINE = "省总工会第十五届委员会第五次全体会议在杭召开"


def seed() -> str:
    return SEED_2021.read_text(encoding="utf-8")


def test_invisible_characters_leave_nothing_parsed_but_stay_in_source_text():
    text = seed().replace(HEADLINE, "省总工会\u202e第十五届\u200b委员会第五次全体会议在杭召开")
    # a line of nothing but zero-width characters is a blank line, not text
    text = text.replace("辛丑年六月廿九", "辛丑年六月廿九\n\u200b\u200d\ufeff", 1)
    # bidi isolates around the byline's name: the name is found and stored clean
    text = text.replace("曾晨路", "\u2066曾晨路\u2069")
    parsed = parse_text(text)
    clean = parse_text(seed())
    assert [a.headline for a in parsed.articles] == [a.headline for a in clean.articles]
    assert [[c.name for c in a.bylines] for a in parsed.articles] == [
        [c.name for c in a.bylines] for a in clean.articles
    ]
    assert "\u202e" in parsed.source_text and "\u2066曾晨路" in parsed.source_text
    invisible = [w for w in parsed.warnings if w.code == "invisible_characters"]
    assert len(invisible) == 1 and "U+202E" in invisible[0].message and "U+2066" in invisible[0].message
    for article in parsed.articles:
        assert "\u202e" not in article.source_text and "\u2066" not in article.source_text
    assert not [w for w in clean.warnings if w.code == "invisible_characters"]


def test_two_masthead_dates_warn_and_the_first_is_used():
    text = seed().replace("2021年8月7日 星期六", "2021年8月7日 星期六\n2021年8月9日", 1)
    parsed = parse_text(text)
    assert parsed.date == datetime.date(2021, 8, 7)
    [warning] = [w for w in parsed.warnings if w.code == "masthead_dates"]
    assert warning.line == 7 and "2021-08-07" in warning.message and "2021年8月9日" in warning.message
    # the same day printed twice (Arabic and Chinese numerals) is not two dates
    same = seed().replace("2021年8月7日 星期六", "2021年8月7日 星期六\n二〇二一年八月七日", 1)
    assert not [w for w in parse_text(same).warnings if w.code == "masthead_dates"]
