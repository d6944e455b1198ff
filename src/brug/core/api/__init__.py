"""API building blocks shared by every app (see views.py and permissions.py)."""
