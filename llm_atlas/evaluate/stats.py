"""Per-model results of a run: accuracy with a Wilson 95 % interval, cost per run and per
1,000 cases, latency percentiles, errors by kind. Unknown stays unknown (None), never 0."""

from __future__ import annotations

import math

import pandas as pd

Z95 = 1.959963984540054  # two-sided 95 % normal quantile


def wilson(passed: int, n: int, z: float = Z95) -> tuple[float | None, float | None]:
    """Wilson score interval for a proportion; (None, None) when n is 0."""
    if n <= 0:
        return None, None
    p = passed / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (a value that was observed): the ceil(q/100 · n)-th smallest."""
    xs = sorted(v for v in values if v is not None and not pd.isna(v))
    if not xs:
        return None
    rank = max(1, math.ceil(q / 100 * len(xs)))
    return xs[rank - 1]


COLUMNS = ["model", "answers", "graded", "passed", "accuracy", "ci_low", "ci_high", "errors", "errors_by_kind",
           "cost_usd", "cost_per_1k_usd", "unknown_cost", "latency_p50_s", "latency_p95_s", "ttft_p50_s"]  # fmt: skip


def summary(results: pd.DataFrame, model_keys: list[str]) -> pd.DataFrame:
    """One row per model in `model_keys` order (a model with no results yet has empty cells)."""
    rows = []
    for key in model_keys:
        r = results[results["model_key"] == key]
        ok = r[r["error"].isna()]
        graded = ok[ok["passed"].notna()]
        n_pass = int((graded["passed"] == True).sum())  # noqa: E712 (object column of True/False/None)
        low, high = wilson(n_pass, len(graded))
        unknown = int(ok["cost_usd"].isna().sum())
        # A partial sum would understate the cost: any unknown makes the total unknown.
        cost = float(ok["cost_usd"].sum()) if len(ok) and not unknown else None
        kinds = r["error"].dropna().value_counts()
        rows.append(
            {
                "model": key,
                "answers": len(ok),
                "graded": len(graded),
                "passed": n_pass,
                "accuracy": n_pass / len(graded) if len(graded) else None,
                "ci_low": low,
                "ci_high": high,
                "errors": int(r["error"].notna().sum()),
                "errors_by_kind": ", ".join(f"{k} {v}" for k, v in kinds.items()),
                "cost_usd": cost,
                "cost_per_1k_usd": cost / len(ok) * 1000 if cost is not None else None,
                "unknown_cost": unknown,
                "latency_p50_s": percentile(ok["latency_s"].tolist(), 50),
                "latency_p95_s": percentile(ok["latency_s"].tolist(), 95),
                "ttft_p50_s": percentile(ok["ttft_s"].tolist(), 50),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
