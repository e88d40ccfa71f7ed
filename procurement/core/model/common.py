"""Building blocks shared by the rule models: strict base, bilingual text, legal reference."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator


def check_unique_ids(items: list[Any], what: str) -> None:
    """Raise ValueError naming the first id that appears twice among ``items``."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"duplicate {what} '{item.id}'")
        seen.add(item.id)


__all__ = [
    "STATUSES",
    "CriterionStatus",
    "Identifier",
    "Lang",
    "Listing",
    "Reference",
    "Status",
    "Strict",
    "Text",
    "check_unique_ids",
]

Lang = Literal["sv", "en"]
Status = Literal["recommended", "possible", "not_possible", "uncertain"]
# Whether a duty or warning applies, or applies only for some answers not yet given.
Listing = Literal["applies", "may_apply"]
# A supplier criterion's outcome (a check's own outcome words are the rules').
CriterionStatus = Literal["met", "not_met", "unknown"]
STATUSES: tuple[str, ...] = ("recommended", "possible", "not_possible", "uncertain")
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=80)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class Strict(BaseModel):
    """Base of every rule model: frozen, and unknown keys are errors."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
    )


class Text(Strict):
    """A text in Swedish and English; may hold ``{name}`` placeholders."""

    sv: NonEmpty
    en: NonEmpty

    def get(self, lang: Lang) -> str:
        """The text in ``lang``."""
        return self.en if lang == "en" else self.sv


class Reference(Strict):
    """A legal reference, e.g. ``19 a kap. 11 § LOU``; ``verified: false`` when unconfirmed."""

    ref: NonEmpty
    verified: bool = True
    url: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"ref": data} if isinstance(data, str) else data


References = Annotated[list[Reference], Field(default_factory=list)]
