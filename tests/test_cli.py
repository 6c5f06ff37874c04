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
