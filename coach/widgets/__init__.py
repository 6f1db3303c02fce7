"""Reusable widgets: the rating scale, breathing pacer, charts, footer, text input, form drafts, and typed text shown safely."""
