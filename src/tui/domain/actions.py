"""What a key press does to an amount."""

from __future__ import annotations


def toggled(amount: int, target: int) -> int:
    """`space`: done becomes not done; anything else becomes done."""
    return 0 if amount >= target else target


def stepped(amount: int, step: int) -> int:
    """`+` / `-`: one more or one less, never below 0."""
    return max(0, amount + step)
