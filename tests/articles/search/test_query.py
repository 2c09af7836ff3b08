"""Tokens, query parsing and highlighting: plain Python, no database."""

from articles.body_html import html_to_text
from articles.search.highlight import highlight, snippet
from articles.search.query import parse_query
from articles.search.tokens import document_tokens, query_tokens


def test_document_tokens_are_bigrams_plus_the_last_character_and_words():
    assert document_tokens("史济锡强调") == ["史济", "济锡", "锡强", "强调", "调"]
    assert document_tokens("刊号ＣＮ33-0012，2022年") == ["刊号", "号", "cn33", "0012", "2022", "年"]


def test_every_character_of_a_run_starts_one_token():
    text = "职工书屋"
    firsts = [t[0] for t in document_tokens(text)]
    assert firsts == list(text)


def test_query_tokens_consistent_with_the_document():
    doc = document_tokens("总第1186号，史济锡讲话")
    for q in ["总第1186号", "史济锡", "1186号", "第1186"]:
        qt = query_tokens(q)
        toks = list(qt.tokens)
        # the query's tokens occur consecutively in the document (last one as a prefix if marked)
        found = any(
            doc[i : i + len(toks) - 1] == toks[:-1]
            and (
                doc[i + len(toks) - 1].startswith(toks[-1])
                if qt.prefix
                else doc[i + len(toks) - 1] == toks[-1]
            )
            for i in range(len(doc) - len(toks) + 1)
        )
        assert found, q


def test_one_character_is_a_prefix_query():
    qt = query_tokens("工")
    assert qt.tokens == ("工",) and qt.prefix


def test_parse_terms_phrases_and_exclusions():
    q = parse_query('工会  “共同富裕示范区” -杭州 －"新就业 形态" CN33')
    assert [t.text for t in q.terms] == ["工会", "共同富裕示范区", "cn33"]
    assert [t.phrase for t in q.terms] == [False, True, False]
    assert [t.text for t in q.exclusions] == ["杭州", "新就业 形态"]
    assert bool(q)


def test_parse_nothing_searchable():
    assert not parse_query("  ，。！ ")
    assert not parse_query("-工会")  # exclusions alone cannot run
    assert not parse_query(None)


def test_highlight_escapes_everything_but_the_marks():
    q = parse_query("史济锡 <script>")
    out = str(highlight('<script>alert("x")</script>史济锡讲话', q))
    assert "<script" not in out and "</script" not in out
    assert out.startswith("&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)")
    assert "<mark>史济锡</mark>" in out


def test_highlight_full_width_and_case():
    out = str(highlight("国内统一刊号：ＣＮ33-0012", parse_query("cn33")))
    assert "<mark>ＣＮ33</mark>" in out


def test_snippet_windows_around_the_first_match():
    text = "前文。" * 100 + "省总工会主席史济锡在会上强调" + "后文。" * 100
    out = str(snippet(text, parse_query("史济锡")))
    assert out.startswith("…") and out.endswith("…")
    assert "<mark>史济锡</mark>" in out
    assert len(out) < 200


def test_html_to_text_keeps_inline_words_together():
    assert (
        html_to_text("<p>本报讯 <strong>工</strong>会&amp;职工</p><p>第二段</p>")
        == "本报讯 工会&职工\n第二段"
    )
