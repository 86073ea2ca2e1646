"""The record the entity stage works on before it becomes a ``Mention``: a candidate span
with its label, the method that found it and its confidence; and the character ranges
already claimed, so that later rules never overlap earlier ones."""
from __future__ import annotations

from dataclasses import dataclass

from extract.linking import Entity

CONFIDENCE = {"gazetteer": 0.95, "kb": 0.85, "model": 0.8, "rule": 0.75}
_LINKED_MODEL_CONFIDENCE = 0.9
_CHAINED_CONFIDENCE = 0.7
_SURNAME_CONFIDENCE = 0.6


@dataclass
class Candidate:
    start: int
    end: int
    label: str
    method: str
    entity: Entity | None = None
    confidence: float = 0.0
    canonical: str | None = None
    entity_id: str | None = None


class Occupancy:
    """Character ranges already claimed by a mention."""

    def __init__(self) -> None:
        self.chars: set[int] = set()

    def free(self, start: int, end: int) -> bool:
        return self.chars.isdisjoint(range(start, end))

    def add(self, start: int, end: int) -> None:
        self.chars.update(range(start, end))
