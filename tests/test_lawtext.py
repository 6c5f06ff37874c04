"""lawtext: Chinese characters, numerals, article references, dated titles and unique names, each written once."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.lawtext import (
    ARTICLE_HEAD_CN,
    ARTICLE_RE,
    TRAILING_REFERENCE,
    ArticleRef,
    article_number,
    article_of,
    article_pattern,
    cn_date,
    cn_to_int,
    has_cjk,
    int_to_cn,
    is_cjk,
    parse_article_ref,
    title_date,
    undated_title,
    unique_name,
)

numbers = st.integers(min_value=1, max_value=99_999)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("四十二", 42),
        ("一百", 100),
        ("一百零五", 105),
        ("一百二十三", 123),
        ("一千二百六十", 1260),
        ("两千", 2000),
        ("一万零一", 10_001),
        ("42", 42),
        ("４２", 42),
    ],
)
def test_chinese_numerals_are_read(text: str, value: int) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize(
    ("value", "text"), [(10, "十"), (105, "一百零五"), (1000, "一千"), (1010, "一千零一十"), (10_001, "一万零一")]
)
def test_numbers_are_written_as_the_law_writes_them(value: int, text: str) -> None:
    assert int_to_cn(value) == text


@given(numbers)
def test_numerals_round_trip(value: int) -> None:
    assert cn_to_int(int_to_cn(value)) == value


@given(st.text(alphabet="abcxyz条第 ", min_size=1))
def test_text_that_is_no_numeral_is_none(text: str) -> None:
    assert cn_to_int(text) is None or text.strip() == ""


def test_chinese_characters_are_recognised_in_one_way() -> None:
    assert has_cjk("行政许可法 Article 5") and not has_cjk("Article 5")
    assert is_cjk("㐀") and is_cjk("豈") and not is_cjk("ｗ")


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("第四十二条", ArticleRef(42)),
        ("第42条", ArticleRef(42)),
        ("第 42 条", ArticleRef(42)),
        ("第一千二百六十条", ArticleRef(1260)),
        ("第一万零一条", ArticleRef(10_001)),
        ("第四十二条第二款", ArticleRef(42, 2)),
        ("第四十二条第二款第三项", ArticleRef(42, 2, 3)),
        ("第42条第3项", ArticleRef(42, None, 3)),
        ("Article 42", ArticleRef(42)),
        ("Article 42(2)(3)", ArticleRef(42, 2, 3)),
        ("art. 7", ArticleRef(7)),
        ("Section 3", ArticleRef(3)),
        ("§ 3", ArticleRef(3)),
        ("42", ArticleRef(42)),
        ("四十二", ArticleRef(42)),
    ],
)
def test_article_references_are_read_in_every_form(text: str, ref: ArticleRef) -> None:
    assert parse_article_ref(text) == ref


@pytest.mark.parametrize("text", ["第X条", "Article", "第条", "start 5"])
def test_what_is_no_article_reference_is_none(text: str) -> None:
    assert article_number(text) is None


@given(numbers, st.none() | st.integers(1, 20), st.none() | st.integers(1, 30), st.booleans())
def test_article_references_round_trip_through_their_label(article: int, paragraph, item, chinese: bool) -> None:
    ref = ArticleRef(article, paragraph, item)
    assert parse_article_ref(ref.label(chinese)) == ref


@given(numbers)
def test_every_way_of_writing_an_article_is_found_in_running_text(n: int) -> None:
    for written in (f"第{int_to_cn(n)}条", f"第{n}条", f"Article {n}"):
        found = [article_of(m) for m in ARTICLE_RE.finditer(f"依照{written}的规定 and then")]
        assert found == [n]
        assert TRAILING_REFERENCE.match(f"行政许可法 {written}").group("law") == "行政许可法"
    import re

    pattern = re.compile(article_pattern(n))
    assert pattern.search(f"见第{int_to_cn(n)}条") and pattern.search(f"see Article {n}.")


def test_an_english_word_ending_in_art_is_no_article() -> None:
    assert list(ARTICLE_RE.finditer("start 5 and depart 6")) == []


def test_article_heads_of_a_law_include_inserted_articles() -> None:
    m = ARTICLE_HEAD_CN.match("第十条之一　国家建立……")
    assert m is not None and cn_to_int(m.group(1)) == 10 and m.group(2) == "一"


def test_dated_titles_give_their_date_and_their_plain_title() -> None:
    assert title_date("行政许可法(2019-04-23)") == date(2019, 4, 23)
    assert title_date("行政许可法（2019年4月23日）") == date(2019, 4, 23)
    assert title_date("行政许可法") is None and title_date("行政许可法(2019-02-30)") is None
    assert undated_title("行政许可法（2019-04-23）") == "行政许可法"
    assert cn_date("2019年4月23日第十三届全国人民代表大会常务委员会第十次会议修正") == date(2019, 4, 23)


def test_unique_names_are_numbered_from_two() -> None:
    assert unique_name("a", set()) == "a"
    assert unique_name("a", {"a", "a-2"}) == "a-3"
    assert unique_name("p.md", {"p.md"}, lambda base, n: f"{base.removesuffix('.md')}-{n}.md") == "p-2.md"
