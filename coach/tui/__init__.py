"""The Textual app: launch, the store opened on demand, key order, themes, places, messages, palette."""
