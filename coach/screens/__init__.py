"""The screens: one per module, each with its .tcss beside it, and the few helpers they share."""
