"""How far a measured figure may be from the one it is compared with: the tolerance of the
replication report and of the synthetic generator's calibration report alike."""

from __future__ import annotations

import dataclasses
import math

__all__ = ["Tolerance", "Value"]

Value = float | str


@dataclasses.dataclass(frozen=True)
class Tolerance:
    """How far a generated figure may be from the published one.

    ``relative``: within ``amount`` times the published value; ``absolute``: within
    ``amount``; ``factor``: within a factor ``amount`` either way; ``at least`` / ``at most``:
    beyond a bound (``amount``) whatever the published value; ``more than``: strictly above it
    (the paper's "most models" is more than 0.5); ``same``: equal; ``negative``: below zero."""

    kind: str
    amount: float = 0.0

    def holds(self, generated: Value, expected: Value) -> bool:
        if self.kind == "same":
            return generated == expected
        if not isinstance(generated, (int, float)) or math.isnan(generated):
            return False
        if self.kind == "negative":
            return generated < 0
        if self.kind == "at least":
            return generated >= self.amount
        if self.kind == "at most":
            return generated <= self.amount
        if self.kind == "more than":
            return generated > self.amount
        expected = float(expected)
        if self.kind == "relative":
            return abs(generated - expected) <= self.amount * abs(expected)
        if self.kind == "absolute":
            return abs(generated - expected) <= self.amount
        if self.kind == "factor":
            return expected / self.amount <= generated <= expected * self.amount
        raise ValueError(f"unknown tolerance {self.kind!r}")

    def describe(self) -> str:
        return {
            "relative": f"±{self.amount:.0%}", "absolute": f"±{self.amount:g}",
            "factor": f"×/÷ {self.amount:g}", "at least": f"≥ {self.amount:g}",
            "at most": f"≤ {self.amount:g}", "more than": f"> {self.amount:g}",
            "same": "the same", "negative": "< 0",
        }[self.kind]
