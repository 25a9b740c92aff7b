"""Errors whose message is meant for the person using Bounceback."""


class InvalidInput(ValueError):
    """Input that cannot be used; the message says why, in one line."""
