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

from .analysis import fold
from .thesaurus import problems

FILE_NAME = "synonyms.yml"


def _cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


class SynonymsError(ValueError):
    pass


@dataclass
class Synonyms:
    groups: list[list[str]] = field(default_factory=list)
    expansions: dict[str, list[str]] = field(default_factory=dict)
    """One-way entries (everyday word -> legal terms), added to the packaged thesaurus."""

    @classmethod
    def load(cls, path: Path) -> Synonyms:
        if not path.is_file():
            return cls()
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise SynonymsError(f"{path}: not valid YAML: {exc}") from exc
        if data is None:
            return cls()
        if not isinstance(data, list) or not all((isinstance(g, list) and len(g) >= 2) or isinstance(g, dict) for g in data):
            raise SynonymsError(
                f"{path}: expected a list of groups, each a list of at least two words (or `word: [legal terms]`)"
            )
        expansions: dict[str, list[str]] = {}
        for entry in data:
            if isinstance(entry, dict):
                found = problems(entry, str(path))
                if found:
                    raise SynonymsError("; ".join(found[:5]))
                for word, targets in entry.items():
                    expansions.setdefault(str(word), []).extend(
                        str(t) for t in (targets if isinstance(targets, list) else [targets])
                    )
        return cls([[str(w) for w in group] for group in data if isinstance(group, list)], expansions)

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
                if _cjk(other) != _cjk(word):
                    continue
                if fold(other) != word and fold(other) not in folded:
                    out.append(folded.replace(word, fold(other)))
        return out[:limit]
