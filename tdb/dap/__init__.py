"""The Debug Adapter Protocol as both sides of tdb speak it (standard library only)."""
