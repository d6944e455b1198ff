"""A job kind for the scale-out rehearsal only: sleeps with progress, reporting its process id."""
