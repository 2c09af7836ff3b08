"""Property tests: no input crashes the parser; whatever parses keeps every line somewhere."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from issues.parsing import ParseError, decode, parse_bytes, parse_text

from .helpers import SEED_2021, SEED_2022, assert_covered, assert_fits_database

SEEDS = [SEED_2021.read_text(encoding="utf-8"), SEED_2022.read_text(encoding="utf-8")]
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Each example of the seed-based tests parses whole issues several times: fewer examples.
SEED_FUZZ = settings(FUZZ, max_examples=100)

# Pieces a newspaper page is made of, so that random text reaches deep into the parser.
PIECES = [
    "2021年8月7日 星期六",
    "辛丑年六月廿九",
    "星期一",
    "邮发代号:31-2 总第1186号",
    "浙江工人日报",
    "第3版",
    "第二版 要闻",
    "03版",
    "浙江工人日报 2021年8月7日 星期六 第4版 责任编辑:周某",
    "责任编辑:周某 美编:李四 校对:王五",
    "88851111",
    "新闻服务热线",
    "本报讯 记者曾晨路报道 会议召开。",
    "新华社杭州3月27日电 记者27日从杭州市政府了解到,",
    "见习记者李国峰 摄",
    "环卫工人在劳动者港湾休息。 通讯员郁诗怡 摄",
    "(记者 甲乙 通讯员 丙丁)",
    "本报评论员",
    "□ 本报记者 张三",
    "(下转第3版)",
    "(上接第1版)",
    "宁波户外劳动者驿站亮相",
    "申领、生成、使用全流程数字化",
    "(2021年8月6日 会议通过)",
    "会议指出,要着力",
    "落实各项任务。",
    "一、加强组织领导",
    "(完)",
    "",
    "\u3000",
    "，。：；！？（）",
]

line_strategy = st.one_of(st.sampled_from(PIECES), st.text(max_size=40))
page_text = st.lists(line_strategy, max_size=40).map("\n".join)


def check(text: str) -> None:
    try:
        issue = parse_text(text)
    except ParseError as error:
        assert error.message
        return
    assert_covered(issue, text)
    assert_fits_database(issue)


@FUZZ
@given(st.text())
@example("")
@example("\x00")
@example("2021年2月30日")
def test_arbitrary_text_parses_or_fails_cleanly(text):
    check(text)


HEADS = st.sampled_from(
    ["", "2021年8月7日 星期六\n", "辛丑年六月廿九\n2021年8月7日 星期六\n总第1186号\n浙江工人日报\n"]
)


@FUZZ
@given(HEADS, page_text)
def test_newspaper_like_text_parses_or_fails_cleanly(head, text):
    check(head + text)


@FUZZ
@given(st.binary())
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe2\x000\x00")
def test_arbitrary_bytes_parse_or_fail_cleanly(data):
    try:
        issue = parse_bytes(data)
    except ParseError as error:
        assert error.message
        return
    text, _ = decode(data)
    assert_covered(issue, text)
    assert_fits_database(issue)


@SEED_FUZZ
@given(st.sampled_from(SEEDS), st.floats(min_value=0, max_value=1), st.sampled_from(SEEDS))
def test_truncated_and_concatenated_seeds(seed, fraction, other):
    check(seed[: int(len(seed) * fraction)])
    check(seed[int(len(seed) * fraction) :])
    check(seed + "\n" + other)
    check(other[: int(len(other) * fraction)] + seed)


@SEED_FUZZ
@given(st.sampled_from(SEEDS), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]), st.integers(0, 4000))
def test_seed_bytes_in_every_encoding_and_cut_anywhere(seed, encoding, cut):
    data = seed.encode(encoding)
    for piece in (data, data[:cut], data[cut:]):
        try:
            issue = parse_bytes(piece)
        except ParseError as error:
            assert error.message
            continue
        assert_covered(issue, decode(piece)[0])


SEED_LINES = sorted({line for seed in SEEDS for line in seed.split("\n")})


@SEED_FUZZ
@given(st.lists(st.one_of(st.sampled_from(SEED_LINES), st.sampled_from(PIECES)), max_size=80))
def test_seed_lines_reshuffled(lines):
    check("辛丑年六月廿九\n2021年8月7日 星期六\n\n" + "\n".join(lines))
