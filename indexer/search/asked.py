"""How people ask about an article: everyday questions, indexed with the article they are about.

The thesaurus (thesaurus.py) meets an everyday word only where a question holds it letter for letter
(老公 -> 配偶). A question is worded a hundred ways ("怀孕了公司能不能把我裁掉", "孕期被辞退合法吗"), and most of its
words are in no law. For the articles of national laws, regulations and judicial interpretations that people
ask about most, Rulebook ships the questions people ask (`data/asked.yml`, written law by law from general
knowledge by writers who never saw the evaluation questions), and indexes them in the article's `asked` field: a question then meets the article
through the words people use, weighed against the other fields in ranking.FIELD_WEIGHT.

The file maps a law's title (as its first heading gives it) to article labels (第四十二条) to questions. Laws are
matched by `law_key` (without 中华人民共和国), articles by number; only a law's newest version gets them, since
an older text may number its articles differently.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..citations import law_key
from ..errors import InputError
from ..i18n import _
from ..lawtext import article_number

if TYPE_CHECKING:
    from ..diagnostics import Report

PACKAGED = Path(__file__).with_name("data") / "asked.yml"
MAX_QUESTIONS = 8
"""Questions per article: enough for the ways people put one rule, few enough that no article drowns others."""
MAX_CHARS = 60


class AskedError(InputError):
    """The packaged questions file is malformed (reported by `rulebook check`, refused by a build)."""


def problems(data: object, where: str) -> list[str]:
    """Everything wrong with a questions mapping, one message per problem (empty when it is sound)."""
    if not isinstance(data, dict):
        return [_("{where}: expected a mapping of law title to articles to questions").format(where=where)]
    out: list[str] = []
    for law, articles in data.items():
        if not isinstance(articles, dict):
            out.append(_("{where}: '{law}': expected a mapping of article label to questions").format(where=where, law=law))
            continue
        for label, questions in articles.items():
            if article_number(str(label)) is None:
                out.append(_("{where}: '{law}': '{label}' is not an article label").format(where=where, law=law, label=label))
            items = questions if isinstance(questions, list) else [questions]
            if not items or not all(isinstance(q, str) and 0 < len(q.strip()) <= MAX_CHARS for q in items):
                message = _("{where}: '{law}' {label}: expected a list of questions of at most {limit} characters")
                out.append(message.format(where=where, law=law, label=label, limit=MAX_CHARS))
            elif len(items) > MAX_QUESTIONS:
                message = _("{where}: '{law}' {label}: {count} questions, at most {limit}")
                out.append(message.format(where=where, law=law, label=label, count=len(items), limit=MAX_QUESTIONS))
    return out


def _read(path: Path) -> dict[str, dict[int, str]]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError:
        return {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise AskedError(_("{path}: not valid YAML: {error}").format(path=path, error=exc)) from exc
    found = problems(data or {}, str(path))
    if found:
        raise AskedError("; ".join(found[:5]))
    out: dict[str, dict[int, str]] = {}
    for law, articles in (data or {}).items():
        mine = out.setdefault(law_key(str(law)), {})
        for label, questions in articles.items():
            number = article_number(str(label))
            if number is not None:
                text = " ".join(questions if isinstance(questions, list) else [questions])
                mine[number] = f"{mine[number]} {text}" if number in mine else text
    return out


@lru_cache(maxsize=1)
def packaged() -> dict[str, dict[int, str]]:
    """law_key -> article number -> the questions' text, read once per process."""
    return _read(PACKAGED)


def fingerprint() -> str:
    """Changes when the packaged questions do: an index built with other questions is rebuilt in full."""
    try:
        return hashlib.blake2b(PACKAGED.read_bytes(), digest_size=8).hexdigest()
    except FileNotFoundError:
        return ""


def check_packaged_questions() -> Report:
    """`rulebook check`: the questions shipped with Rulebook are sound."""
    from ..diagnostics import Report

    report = Report()
    try:
        _read(PACKAGED)
    except AskedError as exc:
        report.add(PACKAGED, 1, "asked", str(exc))
    return report
