import pytest

from indexer.citations import CitationError, law_key, parse_citation
from indexer.cnnum import cn_to_int, int_to_cn, parse_article_number


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
        ("42", 42),
        ("４２", 42),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize("value", [1, 9, 10, 11, 19, 20, 42, 100, 101, 105, 110, 123, 1000, 1001, 1260])
def test_numerals_round_trip(value: int) -> None:
    assert cn_to_int(int_to_cn(value)) == value


def test_article_forms() -> None:
    assert parse_article_number("第四十二条") == 42
    assert parse_article_number("第42条") == 42
    assert parse_article_number("Article 42") == 42
    assert parse_article_number("art. 7") == 7
    assert parse_article_number("Section 3") == 3
    assert parse_article_number("第X条") is None


def test_citation_forms() -> None:
    c = parse_citation("行政许可法 第四十二条")
    assert (c.law, c.article, c.label) == ("行政许可法", 42, "行政许可法 第四十二条")
    assert parse_citation("中华人民共和国行政许可法第42条").article == 42
    assert parse_citation("公务员法").article is None
    c = parse_citation({"law": "政府信息公开条例", "article": "第三十三条", "note": "reply limit"})
    assert (c.article, c.note) == (33, "reply limit")
    c = parse_citation("Privacy Act, Section 5")
    assert (c.law, c.article, c.label) == ("Privacy Act", 5, "Privacy Act, Article 5")


def test_law_key_matches_short_and_long_titles() -> None:
    assert law_key("中华人民共和国行政许可法") == law_key("行政许可法") == law_key("《行政许可法》")
    assert law_key("行政许可法(2019-04-23)") == law_key("行政许可法")


@pytest.mark.parametrize("bad", ["", {"article": 3}, {"law": "x", "article": "第X条"}, 42, {"law": "x", "page": 2}])
def test_bad_citations(bad: object) -> None:
    with pytest.raises(CitationError):
        parse_citation(bad)
