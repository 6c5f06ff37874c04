"""Query-time synonyms: cadres type 年假, the law says 年休假; the handbook says PIV card, people say badge.

The project's `rules/synonyms.yml` is a list of groups of words or phrases
that mean the same. A query containing one of them is also run with each
of the others in its place (ranked a little lower than the words typed).
An entry written as a mapping (`民告官: [行政诉讼]`) works one way, as an
addition to the packaged colloquial-to-legal thesaurus (`thesaurus.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import InputError
from ..i18n import _
from ..lawtext import has_cjk
from .analysis import fold
from .thesaurus import problems as thesaurus_problems

FILE_NAME = "synonyms.yml"


class SynonymsError(InputError):
    pass


MAX_GROUPS = 5_000
MAX_GROUP_WORDS = 50
MAX_WORD_CHARS = 60
"""Limits that keep every search cheap whatever the file says: a query is compared with every word once."""


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


def read_synonyms(path: Path) -> tuple[list[list[str]], list[Problem]]:
    """The groups of a synonyms file and what is wrong with it (its one-way entries included), each with its line."""
    groups, _expansions, problems = read_entries(path)
    return groups, problems


def read_entries(path: Path) -> tuple[list[list[str]], dict[str, list[str]], list[Problem]]:
    """The groups and one-way entries of a synonyms file and what is wrong with it, each problem with its line.

    YAML anchors and aliases are refused before anything is built from them, so an "alias bomb" costs
    nothing; groups over the limits are reported and left out, the rest are used.
    """
    from ..frontmatter import SourceError, read_text

    try:
        text = read_text(path)
    except SourceError as exc:
        return [], {}, [Problem(exc.line, exc.message)]
    try:
        if _has_alias(text):
            return [], {}, [Problem(1, _("YAML anchors and aliases (&name, *name) are not allowed in a synonyms file"))]
    except yaml.YAMLError:
        pass  # reported with its line below
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return (
            [],
            {},
            [Problem(mark.line + 1 if mark else 1, _("not valid YAML: {error}").format(error=exc.problem or exc.context))],
        )
    except yaml.YAMLError as exc:
        return [], {}, [Problem(1, _("not valid YAML: {error}").format(error=exc))]
    finally:
        loader.dispose()
    if root is None:
        return [], {}, []
    if not isinstance(root, yaml.SequenceNode):
        return [], {}, [Problem(root.start_mark.line + 1, _("expected a list of groups, each a list of at least two words"))]
    groups: list[list[str]] = []
    expansions: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for node in root.value:
        line = node.start_mark.line + 1
        if len(groups) + len(expansions) >= MAX_GROUPS:
            problems.append(Problem(line, _("more than {limit} groups: the rest are ignored").format(limit=f"{MAX_GROUPS:,}")))
            break
        if isinstance(node, yaml.MappingNode):  # one way: everyday word -> legal terms
            entry = _one_way(node)
            found = (
                thesaurus_problems(entry, _("a one-way entry"))
                if entry is not None
                else [_("a one-way entry is `word: [terms]`")]
            )
            if found:
                problems.extend(Problem(line, message) for message in found)
                continue
            for word, targets in (entry or {}).items():
                expansions.setdefault(word, []).extend(targets)
            continue
        if not isinstance(node, yaml.SequenceNode) or len(node.value) < 2:
            problems.append(Problem(line, _("a group is a list of at least two words, e.g. [年假, 年休假]")))
            continue
        if len(node.value) > MAX_GROUP_WORDS:
            problems.append(
                Problem(
                    line, _("a group has {count} words; at most {limit}").format(count=len(node.value), limit=MAX_GROUP_WORDS)
                )
            )
            continue
        words = []
        for word in node.value:
            if not isinstance(word, yaml.ScalarNode) or not str(word.value).strip():
                problems.append(
                    Problem(word.start_mark.line + 1, _("each word of a group is a word or phrase, not a list or map"))
                )
                break
            if len(word.value) > MAX_WORD_CHARS:
                problems.append(
                    Problem(word.start_mark.line + 1, _("a word is longer than {limit} characters").format(limit=MAX_WORD_CHARS))
                )
                break
            words.append(str(word.value).strip())
        else:
            groups.append(words)
    return groups, expansions, problems


def _one_way(node: yaml.MappingNode) -> dict[str, list[str]] | None:
    """`word: [terms]` (or `word: term`) as plain strings; None when a key or a term is not a plain word."""
    out: dict[str, list[str]] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            return None
        values = value.value if isinstance(value, yaml.SequenceNode) else [value]
        if not all(isinstance(v, yaml.ScalarNode) for v in values):
            return None
        out[str(key.value).strip()] = [str(v.value).strip() for v in values]
    return out


def _has_alias(text: str) -> bool:
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
            return True
    return False


@dataclass
class Synonyms:
    groups: list[list[str]] = field(default_factory=list)
    expansions: dict[str, list[str]] = field(default_factory=dict)
    """One-way entries (everyday word -> legal terms), added to the packaged thesaurus."""

    @classmethod
    def load(cls, path: Path) -> Synonyms:
        """The usable groups of the file; SynonymsError if the file as a whole cannot be read.

        A group that breaks a limit is left out (`rulebook check` reports it); search goes on with the rest.
        """
        if not path.is_file():
            return cls()
        groups, expansions, problems = read_entries(path)
        if problems and not groups and not expansions:
            first = problems[0]
            raise SynonymsError(f"{path}:{first.line}: {first.message}")
        return cls(groups, expansions)

    def variants(self, query: str, limit: int = 8) -> list[str]:
        """Other spellings of the query, one substitution at a time; the longest matching word wins."""
        folded = fold(query)
        out: list[str] = []
        for group in self.groups:
            present = sorted((w for w in group if fold(w) in folded), key=len, reverse=True)
            if not present:
                continue
            word = fold(present[0])
            for other in group:
                # same script only: an English question should not be answered with Chinese law, nor the reverse
                # (item aliases already carry each item's name in the other language)
                if has_cjk(other) != has_cjk(word):
                    continue
                if fold(other) != word and fold(other) not in folded:
                    out.append(folded.replace(word, fold(other)))
        return out[:limit]
