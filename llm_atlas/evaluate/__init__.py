"""Evaluate: the person's own prompts on chosen models, graded, with their own cost and latency.

One module one job: connections (endpoints and keys), client (one chat call), cases (uploads and
the bundled sample), graders, store (SQLite results), runner (a bounded run), stats, pricing.
"""
