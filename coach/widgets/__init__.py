"""Reusable widgets: the rating scale, the breathing pacer, step indicator, charts."""
