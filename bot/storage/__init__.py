"""Persistence: SQLAlchemy models, the engine, and repositories that return plain objects."""
