"""Test support shared by every app: actors per role and permission-matrix scenarios."""
