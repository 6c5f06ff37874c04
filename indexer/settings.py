"""Project settings: the optional `rulebook.yml` beside `mkdocs.yml`.

MkDocs owns `mkdocs.yml` (site name, theme); what Rulebook itself decides per
organ lives here, so one file says how this organ's rulebook behaves. Every key
is optional and unknown keys are errors, like in rule files.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import InputError
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, _

SETTINGS_FILE = "rulebook.yml"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    trust_html: bool = False
    """Keep raw HTML in rule bodies as written. Off: bodies are sanitised by an allow-list after Markdown conversion."""
    keep_releases: int = Field(default=3, ge=1, le=100)
    """How many built releases stay on disk (the current one included); older ones are pruned by the next build."""
    max_input_mb: int = Field(default=2048, ge=1)
    """A build refuses to start when rules/ and docs/ together hold more than this."""
    language: str = DEFAULT_LANGUAGE
    """The organ's language: of its rule files (the originals), of the site at `/`, of `rulebook check`."""
    languages: list[str] = Field(default_factory=lambda: [DEFAULT_LANGUAGE, "en"])
    """Every language the site is published in; each one besides `language` gets `/<lang>/` and `<id>.<lang>.md` translations."""

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(
                _("unsupported language '{language}' (one of: {known})").format(language=value, known=", ".join(LANGUAGES))
            )
        return value

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, value: list[str]) -> list[str]:
        for lang in value:
            if lang not in LANGUAGES:
                raise ValueError(
                    _("unsupported language '{language}' (one of: {known})").format(language=lang, known=", ".join(LANGUAGES))
                )
        return list(dict.fromkeys(value))

    @model_validator(mode="after")
    def _original_first(self) -> Settings:
        self.languages = [self.language, *(lang for lang in self.languages if lang != self.language)]
        return self

    @property
    def translations(self) -> list[str]:
        """The languages besides the original's: each has its own tree under the site root and `.<lang>.md` files."""
        return self.languages[1:]


class SettingsError(InputError):
    """`rulebook.yml` is unreadable or invalid; the message names the file and the key (`problem` is without the file)."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path, self.problem = path, problem


def load_settings(root: Path) -> Settings:
    path = root / SETTINGS_FILE
    if not path.is_file():
        return Settings()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SettingsError(path, _("cannot read settings: {error}").format(error=exc)) from exc
    if not isinstance(data, dict):
        raise SettingsError(path, _("settings must be a mapping of keys to values"))
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        from .load import pydantic_message

        raise SettingsError(path, "; ".join(pydantic_message(e, None) for e in exc.errors())) from exc
