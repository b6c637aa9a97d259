"""From upstream payloads to the snapshot: sources, normalise, join, validate, write."""
