"""The interface language: catalogues complete in both languages, Chinese formatting, pinyin order."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.catalogue import extract, placeholders
from indexer.i18n import (
    LANGUAGES,
    _,
    catalogue,
    collation_key,
    format_date,
    format_limit,
    initial,
    ngettext,
    ordinal_step,
    use_language,
)
from indexer.render.script_messages import SCRIPT_MESSAGES, script_messages_json
from indexer.timelimits import parse_time_limit


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_label_in_the_code_has_a_translation(lang: str) -> None:
    """Labels are read from the source (every `_()`, `N_()`, `ngettext()`, `Nn_()`), so a new label fails here
    until both catalogues translate it, with the same {placeholders}."""
    labels = [m.id for m in extract() if m.id]
    assert len(labels) > 250
    messages = catalogue(lang)
    missing = [label for label in labels if (label if isinstance(label, str) else label[0]) not in messages]
    assert not missing, f"untranslated in {lang}: {missing[:10]}"
    for label in labels:
        key = label if isinstance(label, str) else label[0]
        translations = messages[key] if isinstance(messages[key], tuple) else (messages[key],)
        for text in translations:
            assert placeholders(text) == placeholders(key), (lang, key, text)


def test_script_labels_are_in_the_catalogue() -> None:
    for msgid in SCRIPT_MESSAGES.values():
        assert msgid in catalogue("zh-Hans")


def test_labels_follow_the_active_language() -> None:
    with use_language("zh-Hans"):
        assert _("Steps") == "办理环节"
        assert ngettext("{n} question", "{n} questions", 3).format(n=3) == "3道题"
        with use_language("en"):
            assert _("Steps") == "Steps"
            assert ngettext("{n} question", "{n} questions", 1).format(n=1) == "1 question"
        assert _("Obligations of this post") == "本岗位的职责"


def test_chinese_dates_limits_and_ordinals() -> None:
    with use_language("zh-Hans"):
        assert format_date(date(2024, 3, 1)) == "2024年3月1日"
        assert format_limit(parse_time_limit("20 working days")) == "20个工作日"
        assert format_limit(parse_time_limit("当场")) == "当场办结"
        assert format_limit(parse_time_limit("2 hours")) == "2小时"
        assert format_limit(parse_time_limit("1个月")) == "1个月"
        assert ordinal_step(3) == "第3步"
    with use_language("en"):
        assert format_date(date(2024, 3, 1)) == "1 March 2024"
        assert format_limit(parse_time_limit("20个工作日")) == "20 working days"
        assert format_limit(parse_time_limit("1 working day")) == "1 working day"
        assert format_limit(parse_time_limit("即办")) == "on the spot"
        assert ordinal_step(3) == "Step 3"


def test_chinese_titles_sort_by_pinyin_among_english_ones() -> None:
    titles = ["首问负责制", "AB岗工作制度", "限时办结制", "Annual appraisal", "行政审批处", "一次性告知制", "Zebra"]
    ordered = sorted(titles, key=collation_key)
    assert ordered == ["AB岗工作制度", "Annual appraisal", "首问负责制", "限时办结制", "行政审批处", "一次性告知制", "Zebra"]
    assert initial("首问负责制") == "S" and initial("alpha") == "A" and initial("123") == "#"


def test_script_messages_cannot_close_their_script_element() -> None:
    with use_language("en"):
        data = script_messages_json()
    assert "<" not in data and ">" not in data and "&" not in data
    assert '"lang": "en"' in data
