"""The group's tools: the facilitator's program on the projector, anonymised shares, the cohort page."""
