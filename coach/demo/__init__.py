"""Synthetic practice history for `coach demo` and its parameters."""
