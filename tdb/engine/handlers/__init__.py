"""The engine's request handlers, by subject; router.py says which thread answers each request."""
