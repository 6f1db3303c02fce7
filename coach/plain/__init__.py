"""Coach without the full screen: plain prompts, one line per question, for screen readers, ssh and scripts."""
