from brug.core.policy import ResourcePolicy, register  # noqa: F401
