"""Access to Brug: sign-in protection (lockout), the sign-in audit, and scoped API tokens."""
