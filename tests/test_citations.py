import pytest

from indexer.citations import CitationError, law_key, parse_citation


def test_citation_forms() -> None:
    c = parse_citation("行政许可法 第四十二条")
    assert (c.law, c.article, c.label) == ("行政许可法", 42, "行政许可法 第四十二条")
    assert parse_citation("中华人民共和国行政许可法第42条").article == 42
    assert parse_citation("公务员法").article is None
    c = parse_citation({"law": "政府信息公开条例", "article": "第三十三条", "note": "reply limit"})
    assert (c.article, c.note) == (33, "reply limit")
    c = parse_citation("Privacy Act, Section 5")
    assert (c.law, c.article, c.label) == ("Privacy Act", 5, "Privacy Act, Article 5")


def test_a_citation_may_name_the_paragraph_and_item_and_still_resolves_to_the_article() -> None:
    c = parse_citation("行政许可法 第四十二条第一款")
    assert (c.law, c.article, c.paragraph, c.item) == ("行政许可法", 42, 1, None)
    assert c.label == "行政许可法 第四十二条第一款"
    c = parse_citation({"law": "行政处罚法", "article": "第51条第二款第三项"})
    assert (c.article, c.paragraph, c.item, c.label) == (51, 2, 3, "行政处罚法 第五十一条第二款第三项")


def test_a_citation_of_an_article_beyond_a_thousand_is_read() -> None:
    c = parse_citation("民法典 第一千二百六十条")
    assert (c.law, c.article) == ("民法典", 1260)


def test_a_dated_title_pins_the_version() -> None:
    assert parse_citation("行政许可法（2019年4月23日） 第四十二条").version.isoformat() == "2019-04-23"
    assert parse_citation("行政许可法(2019-02-30)").version is None


def test_law_key_matches_short_and_long_titles() -> None:
    assert law_key("中华人民共和国行政许可法") == law_key("行政许可法") == law_key("《行政许可法》")
    assert law_key("行政许可法(2019-04-23)") == law_key("行政许可法")


@pytest.mark.parametrize("bad", ["", {"article": 3}, {"law": "x", "article": "第X条"}, 42, {"law": "x", "page": 2}])
def test_bad_citations(bad: object) -> None:
    with pytest.raises(CitationError):
        parse_citation(bad)
