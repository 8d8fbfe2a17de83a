"""Use cases: each runs inside one database transaction for one update."""
