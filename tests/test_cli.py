"""The `rulebook` command as a program: what starting it costs."""

from __future__ import annotations

import json
import subprocess
import sys


def test_starting_the_command_does_not_load_what_only_other_commands_use() -> None:
    """A cold `rulebook search` pays for importing the command line: the rule models, packs, loaders and the
    event loop are imported by the commands that run them, not when the program starts."""
    code = "import sys, json, indexer.cli; print(json.dumps(sorted(sys.modules)))"
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout))
    heavy = {"indexer.model", "indexer.rulebook", "indexer.load", "indexer.pack", "indexer.digest", "indexer.versions", "asyncio"}
    assert not heavy & loaded, heavy & loaded
    assert "indexer.cli_training" in loaded  # the commands are still registered


def test_jieba_is_imported_without_pkg_resources_and_still_finds_its_dictionary() -> None:
    """pkg_resources costs a cold search 50 ms; jieba needs it only to open its own files."""
    code = (
        "import sys, json\n"
        "from indexer.search.analysis import _import_jieba, _segmenter\n"
        "_import_jieba()\n"
        "loaded = 'pkg_resources' in sys.modules\n"
        "print(json.dumps([loaded, list(_segmenter().cut('行政许可的期限'))]))"
    )
    loaded, words = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert not loaded
    assert words == ["行政许可", "的", "期限"]
