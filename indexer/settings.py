"""Project settings: the optional `rulebook.yml` beside `mkdocs.yml`.

MkDocs owns `mkdocs.yml` (site name, theme); what Rulebook itself decides per
organ lives here, so one file says how this organ's rulebook behaves. Every key
is optional and unknown keys are errors, like in rule files.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

SETTINGS_FILE = "rulebook.yml"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    trust_html: bool = False
    """Keep raw HTML in rule bodies as written. Off: bodies are sanitised by an allow-list after Markdown conversion."""
    keep_releases: int = Field(default=3, ge=1, le=100)
    """How many built releases stay on disk (the current one included); older ones are pruned by the next build."""
    max_input_mb: int = Field(default=2048, ge=1)
    """A build refuses to start when rules/ and docs/ together hold more than this."""


class SettingsError(ValueError):
    """`rulebook.yml` is unreadable or invalid; the message names the file and the key."""


def load_settings(root: Path) -> Settings:
    path = root / SETTINGS_FILE
    if not path.is_file():
        return Settings()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SettingsError(f"{path}: cannot read settings: {exc}") from exc
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: settings must be a mapping of keys to values")
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise SettingsError(f"{path}: {problems}") from exc
