"""Demo data for workplace learning (see demo step below)."""
