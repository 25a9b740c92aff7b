"""Bounceback: a terminal companion for a long job search."""

__version__ = "0.1.0"
