"""Pure logic of the Evaluate page: URL state, model options, the statement shown before a run,
result tables, the chart, exports. No Streamlit here."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from llm_atlas import urlstate
from llm_atlas.evaluate import pricing, stats
from llm_atlas.evaluate.cases import Case
from llm_atlas.evaluate.graders import GRADERS
from llm_atlas.evaluate.spec import ModelSpec, RunSettings
from llm_atlas.views import analysis

MAX_MODELS = 4
URL_KEYS = ("models", "grader", "max_tokens", "temperature", "concurrency", "spend_cap", "case_cap", "run")
LIMITS = {"max_tokens": (1, 32_768), "temperature": (0.0, 2.0), "concurrency": (1, 16), "spend_cap": (0.0, 1000.0),
          "case_cap": (1, 1000)}  # fmt: skip


@dataclass(frozen=True)
class PageState:
    models: tuple[str, ...] = ()
    settings: RunSettings = RunSettings()
    run: str | None = None


def from_query(params: dict[str, str]) -> tuple[PageState, list[str]]:
    """Screened URL state: odd values fall back to defaults with a notice each."""
    notes: list[str] = []
    settings = RunSettings()
    models = urlstate.split_list(params.get("models", ""))
    if len(models) > MAX_MODELS:
        notes.append(f"The link names {len(models)} models; the first {MAX_MODELS} are used.")
        models = models[:MAX_MODELS]
    grader = params.get("grader")
    if grader is not None:
        if grader in GRADERS:
            settings = replace(settings, grader=grader)
        else:
            notes.append(f"Unknown grader '{grader[:30]}' in the link; using '{settings.grader}'.")
    fields = {"max_tokens": ("max_tokens", int), "temperature": ("temperature", float),
              "concurrency": ("concurrency", int), "spend_cap": ("spend_cap_usd", float), "case_cap": ("case_cap", int)}  # fmt: skip
    for key, (attr, kind) in fields.items():
        raw = params.get(key)
        if raw is None:
            continue
        low, high = LIMITS[key]
        try:
            value = kind(raw)
            if not low <= value <= high:
                raise ValueError
            settings = replace(settings, **{attr: value})
        except ValueError:
            notes.append(f"'{key}={raw[:20]}' in the link is not a number from {low:g} to {high:g}; using the default.")
    run = params.get("run")
    if run is not None and not (len(run) < 64 and run.replace("-", "").isalnum()):
        notes.append("The run named in the link is not a run id; showing the latest run.")
        run = None
    return PageState(models, settings, run), notes


def to_query(models: list[str], settings: RunSettings, run: str | None) -> dict[str, str]:
    """The shareable settings: never a key, never the cases."""
    out = {"models": ",".join(models)} if models else {}
    defaults = RunSettings()
    for key, attr in [("grader", "grader"), ("max_tokens", "max_tokens"), ("temperature", "temperature"),
                      ("concurrency", "concurrency"), ("spend_cap", "spend_cap_usd"), ("case_cap", "case_cap")]:  # fmt: skip
        value = getattr(settings, attr)
        if value is not None and value != getattr(defaults, attr):
            out[key] = f"{value:g}" if isinstance(value, float) else str(value)
    if run:
        out["run"] = run
    return out


def model_specs(chosen: list[str], connection, routes: pd.DataFrame) -> list[ModelSpec]:
    """ModelSpecs for request ids on one connection; an id that is an OpenRouter route of the
    catalog carries that route's price (and its catalog model), any other id no price."""
    by_id = routes.drop_duplicates("request_id").set_index("request_id") if len(routes) else None
    specs = []
    for rid in chosen:
        row = by_id.loc[rid] if by_id is not None and rid in by_id.index else None
        price = None
        if row is not None and "price_in_usd_mtok" in row:
            p = pricing.Price(
                pricing.as_number(row["price_in_usd_mtok"]),
                pricing.as_number(row["price_out_usd_mtok"]),
                pricing.as_number(row["price_cached_in_usd_mtok"]),
                route=f"OpenRouter · {rid}",
            )
            price = p if p.known else None
        model_id = None if row is None or pd.isna(row["model_id"]) else str(row["model_id"])
        specs.append(ModelSpec(rid, connection, rid, model_id, price))
    return specs


def statement(cases: list[Case], specs: list[ModelSpec], settings: RunSettings) -> list[str]:
    """What a run will do, said before it starts: requests, concurrency, worst-case spend, caps."""
    chosen = cases[: settings.case_cap] if settings.case_cap else cases
    n = len(chosen) * len(specs)
    lines = [
        f"{len(chosen):,} case{'s' * (len(chosen) != 1)} × {len(specs)} model{'s' * (len(specs) != 1)} = "
        f"{n:,} request{'s' * (n != 1)}, at most {settings.concurrency} at a time "
        f"per endpoint, {settings.timeout_s:g} s timeout each, up to {settings.max_retries} retries on 429/5xx."
    ]
    worst = 0.0
    unknown = [s.key for s in specs if s.price is None]
    for s in specs:
        for c in chosen:
            w = pricing.worst_case_cost(s.price, len(settings.system_prompt) + len(c.input), settings.max_tokens)
            worst += w or 0.0
    if len(unknown) < len(specs):
        lines.append(f"Worst case at catalog prices (every input character a token, all {settings.max_tokens} output "
                     f"tokens used): ${worst:,.4f}.")  # fmt: skip
    if settings.spend_cap_usd is not None:
        lines.append(f"Spend cap ${settings.spend_cap_usd:,.2f}: no request starts that could pass it.")
    if unknown:
        lines.append(f"No catalog price for {', '.join(unknown)}: cost unknown, and the spend cap cannot bound it.")
    if settings.case_cap and settings.case_cap < len(cases):
        lines.append(f"Case cap: the first {settings.case_cap:,} of {len(cases):,} cases.")
    return lines


def public_scores(scores: pd.DataFrame, model_ids: list[str | None]) -> tuple[str | None, dict[str, float]]:
    """A public benchmark most of these models have (the catalog's usual order), and their values."""
    ids = [m for m in model_ids if m]
    if not ids:
        return None, {}
    mine = scores[scores["model_id"].isin(ids)]
    covered = mine.groupby("benchmark")["model_id"].nunique()
    best, most = None, 0
    for metric in analysis.metrics(scores):  # the catalog's usual order breaks ties
        if covered.get(metric.benchmark, 0) > most:
            best, most = metric, covered[metric.benchmark]
    if best is None:
        return None, {}
    values = mine[mine["benchmark"] == best.benchmark].groupby("model_id")["value"].max()
    return f"{best.label} ({best.unit})" if best.unit else best.label, values.to_dict()


def results_table(summary: pd.DataFrame, specs: list[dict], scores: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The per-model table the page shows, with the public score alongside."""
    model_ids = {s["key"]: s.get("model_id") for s in specs}
    label, values = public_scores(scores, list(model_ids.values()))
    out = summary.copy()
    out["public_score"] = pd.to_numeric(
        pd.Series([values.get(model_ids.get(k)) for k in out["model"]]), errors="coerce"
    )
    for col in ("accuracy", "ci_low", "ci_high"):
        out[col] = out[col].astype(float) * 100
    return out, label


def per_case(results: pd.DataFrame, cases: list[Case]) -> pd.DataFrame:
    """One row per case and model: input, expected, answer, grade and why (errors say what failed)."""
    by_case = {c.case_id: c for c in cases}
    rows = results.assign(
        input=results["case_id"].map(lambda c: by_case[c].input if c in by_case else None),
        expected=results["case_id"].map(lambda c: by_case[c].expected if c in by_case else None),
        grade=results["passed"].map(lambda p: "pass" if p is True else "fail" if p is False else "—"),
    )
    cols = ["case_id", "model_key", "input", "expected", "answer", "grade", "why", "error", "detail", "input_tokens",
            "output_tokens", "cost_usd", "latency_s", "ttft_s", "attempts"]  # fmt: skip
    return rows[cols]


def export_csv(rows: pd.DataFrame) -> bytes:
    return rows.to_csv(index=False).encode()


def export_json(run_id: str, settings: dict, models: list[dict], table: pd.DataFrame, rows: pd.DataFrame) -> bytes:
    """The run, its key-less settings and models, the per-model table and every answer."""
    doc = {
        "run_id": run_id,
        "settings": settings,
        "models": models,
        "summary": json.loads(table.to_json(orient="records")),
        "answers": json.loads(rows.to_json(orient="records")),
    }
    return json.dumps(doc, indent=2).encode()


def accuracy_chart(table: pd.DataFrame, x: str, x_title: str, public_label: str | None = None) -> go.Figure:
    """Own accuracy (with its Wilson 95 % interval) against own cost per 1,000 cases or latency;
    the public score of each model rides along in its label and hover, for contrast."""
    known = table[table[x].notna() & table["accuracy"].notna()]
    public = [
        f"{m}<br>public {v:.4g}" if public_label and pd.notna(v) else m
        for m, v in zip(known["model"], known.get("public_score", pd.Series([None] * len(known))), strict=False)
    ]
    fig = go.Figure(
        go.Scatter(
            x=known[x],
            y=known["accuracy"],
            mode="markers+text",
            text=public,
            textposition="middle right",
            cliponaxis=False,
            error_y={
                "type": "data",
                "symmetric": False,
                "array": known["ci_high"] - known["accuracy"],
                "arrayminus": known["accuracy"] - known["ci_low"],
            },
            hovertemplate="<b>%{text}</b><br>accuracy %{y:.1f} %<br>" + x_title + " %{x:.4g}<extra></extra>",
            marker={"size": 12},
        )
    )
    title = f"Labels: model, and its public {public_label}" if public_label else None
    fig.update_layout(
        title={"text": title, "font": {"size": 12}} if title else None,
        xaxis_title=x_title,
        yaxis_title="Accuracy on your cases, % (95 % Wilson interval)",
        yaxis_range=[0, 105],
        height=380,
        margin={"l": 10, "r": 120, "t": 30, "b": 10},
    )
    return fig


def summarise(results: pd.DataFrame, specs: list[dict]) -> pd.DataFrame:
    return stats.summary(results, [s["key"] for s in specs if s.get("role", "candidate") == "candidate"])


def resolve_ids(ids: tuple[str, ...] | list[str], routes: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Ids from a link split into (route request ids, other ids). A catalog model id (from Compare
    or Quality vs cost) becomes its first route's request id."""
    request_ids = set(routes["request_id"])
    first_route = routes.drop_duplicates("model_id").set_index("model_id")["request_id"].to_dict()
    picked, other = [], []
    for i in ids:
        if i in request_ids:
            picked.append(i)
        elif i in first_route:
            picked.append(first_route[i])
        else:
            other.append(i)
    return list(dict.fromkeys(picked)), other


def headline(row: pd.Series) -> tuple[str, str]:
    """A model's accuracy as the big figure, and its cost and latency in words (unknown said so)."""
    if pd.isna(row["accuracy"]):
        value = "no graded answers"
    else:
        value = f"{row['accuracy']:.1f} % correct"
    parts = [f"{int(row['passed'])} of {int(row['graded'])} graded"]
    if pd.notna(row["ci_low"]):
        parts.append(f"95 % interval {row['ci_low']:.1f}–{row['ci_high']:.1f} %")
    if pd.notna(row["cost_usd"]):
        parts.append(f"cost ${row['cost_usd']:.6f} for this run, ${row['cost_per_1k_usd']:.4f} per 1,000 cases")
    else:
        parts.append("cost unknown")
    if pd.notna(row["latency_p50_s"]):
        parts.append(f"latency p50 {row['latency_p50_s']:.2f} s, p95 {row['latency_p95_s']:.2f} s")
    if row["errors"]:
        parts.append(f"errors: {row['errors_by_kind']}")
    return value, " · ".join(parts)


def side_by_side(rows: pd.DataFrame, model_keys: list[str]) -> pd.DataFrame:
    """One row per case: its input and expected answer, then each model's answer and its grade
    with the reason (an error says what failed)."""
    out = rows.drop_duplicates("case_id")[["case_id", "input", "expected"]].set_index("case_id")
    for key in model_keys:
        mine = rows[rows["model_key"] == key].set_index("case_id")
        verdict = mine["grade"] + " · " + mine["why"].fillna("")
        out[f"{key} · answer"] = mine["answer"]
        out[f"{key} · grade"] = verdict.where(mine["error"].isna(), "error · " + mine["why"].fillna(""))
    return out.reset_index()
