"""How a question's words meet the law's: the colloquial-to-legal thesaurus and question words."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeReader
from whoosh.query import Or, Term

from indexer.search.analysis import strip_question_words
from indexer.search.layout import THESAURUS
from indexer.search.ranking import EVERYDAY_WORD_BOOST, THESAURUS_BOOST
from indexer.search.rewrite import everyday_words_weaker
from indexer.search.synonyms import Synonyms, SynonymsError
from indexer.search.thesaurus import (
    MAX_EXPANSIONS,
    MAX_TARGETS,
    Thesaurus,
    check_packaged_thesaurus,
    compiled,
    packaged,
    problems,
)


def test_packaged_thesaurus_is_large_and_sound() -> None:
    data = packaged()
    assert len(data) >= 7000 and sum(len(v) for v in data.values()) >= 12000
    assert problems(data, "packaged") == []
    thesaurus = Thesaurus.of(data)
    assert "信访" in thesaurus.expand("上访")
    assert "行政诉讼" in thesaurus.expand("民告官 多久内要起诉")
    assert "饮酒后驾驶" in thesaurus.expand("酒驾怎么处理")
    assert "罚款" in thesaurus.expand("被罚钱了")


@pytest.mark.corpus
def test_every_legal_term_of_the_packaged_thesaurus_occurs_in_the_laws(corpora: Path) -> None:
    """A legal term no law contains can never be met: the expansion would spend a query's budget on nothing."""
    laws = "\n".join(p.read_text(encoding="utf-8") for p in (corpora / "laws-cn").rglob("*.md"))
    missing = sorted({f"{word} -> {t}" for word, targets in packaged().items() for t in targets if t not in laws})
    assert missing == []


def test_longest_everyday_word_wins_and_expansion_is_one_pass() -> None:
    t = Thesaurus.of({"开除": ["开除公职"], "开除员工": ["解除劳动合同"], "解除劳动合同": ["辞退员工"]})
    assert t.expand("公司开除员工") == ["解除劳动合同"]  # not 开除公职, and 解除劳动合同 is not expanded again


def test_an_everyday_word_is_never_cut_out_of_a_longer_word_or_number() -> None:
    t = Thesaurus.of({"st": ["风险警示"], "十三岁": ["不满十四周岁"], "12岁": ["年满12周岁"]})
    assert t.expand("strong password first") == []  # ST股, not the letters of English words
    assert t.expand("ST股票") == ["风险警示"]
    assert t.expand("二十三岁可以结婚吗") == []  # twenty-three, not thirteen
    assert t.expand("孩子十三岁") == ["不满十四周岁"]
    assert t.expand("112岁") == [] and t.expand("他12岁") == ["年满12周岁"]
    t = Thesaurus.of({"五一": ["劳动节"], "十三岁": ["不满十四周岁"]})
    assert t.expand("五一三天加班") == ["劳动节"]  # two bare digits side by side are two numbers
    assert t.expand("三十三岁") == [] and t.expand("éstá") == []


def test_a_word_reaching_past_one_read_is_read_too_while_the_budget_lasts() -> None:
    t = Thesaurus.of(
        {"乱扣": ["扣除"], "扣工资": ["克扣"], "工资条": ["工资清单"], "老公": ["配偶"], "房子": ["房屋"], "公房": ["公有住房"]}
    )
    assert t.read("老板乱扣工资") == (["乱扣", "扣工资"], ["扣除", "克扣"])  # a new entry hides no older one
    assert t.read("乱扣工资条") == (["乱扣", "工资条"], ["扣除", "工资清单"])  # 扣工资 lies across the two: nothing new
    assert t.read("老公房子归谁") == (["老公", "房子"], ["配偶", "房屋"])  # not 公房, public housing
    assert t.read("乱扣工资，乱扣工资") == (["乱扣", "扣工资"], ["扣除", "克扣"])  # each word once
    budget = Thesaurus.of({"房东卖房": ["承租人"], "房子": ["房屋", "住房"], "优先购买权": ["同等条件优先购买"]})
    assert "同等条件优先购买" in budget.expand("房东卖房子有没有优先购买权", limit=2)  # the overlapping word comes last


def test_an_everyday_word_never_cuts_into_a_question_word() -> None:
    t = Thesaurus.of({"少年": ["未成年人"], "最多多少天": ["不得超过"], "辞退": ["解除劳动合同"]})
    assert t.expand("档案形成多少年后开放") == []  # 多少 | 年: "how many years", not 少年 (a juvenile)
    assert t.expand("青少年沉迷网络") == ["未成年人"]
    assert t.expand("最多多少天办完") == ["不得超过"]  # a word holding the whole question word is fine
    assert t.expand("能不能辞退") == ["解除劳动合同"]


def test_a_word_written_for_the_question_may_reach_into_a_question_word() -> None:
    t = Thesaurus.of({"不能开除": ["不得解除"], "罚款交到哪": ["指定的银行"], "许可": ["行政许可"]})
    assert t.expand("孕期能不能开除") == ["不得解除"]  # longer than 能不能: written for the question
    assert t.expand("罚款交到哪里") == ["指定的银行"]
    assert t.expand("申请许可以后多久开业") == ["行政许可"]  # 可以 is no question word: 许可 | 以后


def test_reading_a_query_names_the_everyday_words_it_found() -> None:
    t = Thesaurus.of({"楼上扔东西": ["抛掷物品"], "砸伤": ["损害"]})
    assert t.read("楼上扔东西砸伤了人") == (["楼上扔东西", "砸伤"], ["抛掷物品", "损害"])


def test_everyday_words_weigh_less_where_the_laws_hardly_use_them() -> None:
    q = Or(
        [Term(f, w) for w in ("孩子", "劳动合同", "打架") for f in ("body", "title")]
        + [Term("body", "未成年人", boost=THESAURUS_BOOST)]
    )
    out = everyday_words_weaker(q, ["孩子", "劳动合同"], FakeReader({"孩子": 3, "劳动合同": 500, "打架": 2}))
    boosts = {(t.fieldname, t.text): t.boost for t in out.subqueries}
    assert boosts[("body", "孩子")] == boosts[("title", "孩子")] == EVERYDAY_WORD_BOOST < 1.0
    assert boosts[("body", "劳动合同")] == 1.0  # the laws' own word, though the thesaurus knows it too
    assert boosts[("body", "打架")] == 1.0  # typed, but not part of an everyday word the thesaurus knows
    assert boosts[("body", "未成年人")] == THESAURUS_BOOST


def test_the_index_carries_the_thesaurus_it_was_built_with(small) -> None:
    small.build()
    index = small.current_release() / "index"
    assert compiled(index / THESAURUS) == packaged()
    (index / THESAURUS).write_text("{not json", encoding="utf-8")
    assert compiled(index / THESAURUS) == packaged()  # a damaged file: the packaged YAML
    (index / THESAURUS).write_text('{"上访": "信访"}', encoding="utf-8")
    assert compiled(index / THESAURUS) == packaged()  # not a mapping of words to lists of words
    (index / THESAURUS).write_text('{"上访": ["只在此处"]}', encoding="utf-8")
    assert compiled(index / THESAURUS) == {"上访": ["只在此处"]}


def test_expansion_is_bounded_per_query() -> None:
    t = Thesaurus.of({f"词{i:02d}": [f"法{i:02d}{j}" for j in range(MAX_TARGETS)] for i in range(50)})
    query = "".join(f"词{i:02d}" for i in range(50))
    assert len(t.expand(query)) == MAX_EXPANSIONS


def test_oversized_entries_are_refused() -> None:
    assert problems({"词": ["法"]}, "x")  # one character is too short to mean anything alone
    assert problems({"上访": [f"法{i}" for i in range(MAX_TARGETS + 1)]}, "x")
    assert problems({"上访": ["信" * 13]}, "x")
    assert problems(["上访", "信访"], "x")


def test_a_word_written_twice_in_the_thesaurus_is_refused_with_both_lines(tmp_path: Path, monkeypatch) -> None:
    # YAML keeps the last of two equal keys: the first entry would be lost without a word
    from indexer.search import thesaurus

    path = tmp_path / "thesaurus.yml"
    path.write_text("上访: [信访]\n告状: [投诉]\n上访: [信访, 越级]\n", encoding="utf-8")
    monkeypatch.setattr(thesaurus, "PACKAGED", path)
    [error] = check_packaged_thesaurus().errors
    assert error.line == 3 and "上访" in error.message and "3" in error.message and "1" in error.message
    path.write_text("12348: [法律咨询]\n'12348': [法律援助]\n", encoding="utf-8")  # a number and its text are one word
    assert check_packaged_thesaurus().errors[0].line == 2


def test_question_words_are_not_content() -> None:
    assert strip_question_words("公务员能不能兼职吗").split() == ["公务员", "兼职"]
    assert "情况" not in strip_question_words("什么情况下可以不公开")
    assert "网吧" in strip_question_words("开网吧要办什么证")  # a particle inside a word stays
    assert strip_question_words("多少") == "多少"  # nothing else left: the question itself is searched


def test_organ_adds_one_way_entries_in_synonyms_file(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.yml"
    path.write_text("- [年假, 年休假]\n- 跑断腿: [一次性告知, 办结]\n", encoding="utf-8")
    synonyms = Synonyms.load(path)
    assert synonyms.groups == [["年假", "年休假"]]
    expanded = Thesaurus.of(packaged(), synonyms.expansions).expand("跑断腿")
    assert expanded[:2] == ["一次性告知", "办结"]  # the organ's terms first, whatever the package has for the word
    assert "跑断腿" in packaged() and len(expanded) > 2  # ... and the package's after them


def test_check_reports_a_one_way_entry_that_would_explode(tmp_path: Path) -> None:
    from indexer.check import check_project_files

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "synonyms.yml").write_text(
        "- [年假, 年休假]\n- 上访: [" + ", ".join(f"词{i}" for i in range(40)) + "]\n", encoding="utf-8"
    )
    report = check_project_files(rules, None, tmp_path)
    assert [(d.code, d.line) for d in report.errors] == [("synonyms", 2)]
    synonyms = Synonyms.load(rules / "synonyms.yml")  # search goes on with the sound entries
    assert synonyms.groups == [["年假", "年休假"]] and synonyms.expansions == {}
    (rules / "synonyms.yml").write_text("- 上访: [信访]\n", encoding="utf-8")
    assert not check_project_files(rules, None, tmp_path).errors
    (rules / "synonyms.yml").write_text("- 上访: [" + ", ".join(f"词{i}" for i in range(40)) + "]\n", encoding="utf-8")
    with pytest.raises(SynonymsError):
        Synonyms.load(rules / "synonyms.yml")
    assert not check_packaged_thesaurus().errors


def test_a_query_naming_a_law_raises_that_law() -> None:
    from indexer.search.prior import TitlePrior

    prior = TitlePrior(
        [
            ("xzxk", ["中华人民共和国行政许可法"]),
            ("hg", ["中华人民共和国海关行政许可管理办法"]),
            ("zwcf", ["中华人民共和国公职人员政务处分法"]),
            ("gl", ["城市道路管理条例"]),
        ]
    )
    assert [m.item_id for m in prior.match("行政许可受理后一般多少天内要出结果")] == ["xzxk"]  # the whole name beats half
    assert [m.item_id for m in prior.match("政务处分的影响期")] == ["zwcf"]
    assert prior.match("管理 规定") == []  # a word in many names names none of them
