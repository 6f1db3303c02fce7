"""Errors the domain raises for a person to read."""

from __future__ import annotations


class FieldError(ValueError):
    """A form value that cannot be saved; `field` names the input, str() is one line for the user."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
