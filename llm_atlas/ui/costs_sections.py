"""The Costs page's three sections: the answer first, then the controls (in an expander on a phone too)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from llm_atlas.pipeline.snapshot import Snapshot
from llm_atlas.text import escape_markdown
from llm_atlas.ui import MISSING
from llm_atlas.ui.columns import config
from llm_atlas.ui.data import workload_figure, workload_ranking
from llm_atlas.views import costs as vc
from llm_atlas.views import monthly_cost, selfhost_view
from llm_atlas.views.analysis import Metric
from llm_atlas.views.explore import Filters

WORKLOAD_LABELS = {
    "requests_per_day": "Requests per day",
    "input_tokens": "Input tokens per request",
    "output_tokens": "Output tokens per request",
    "cached_share": "Share of input from cache",
    "batch_share": "Share of requests sent as batch",
    "days_per_month": "Days per month",
}


def _use_preset() -> None:
    preset = monthly_cost.PRESETS[st.session_state.cw_preset]
    for f in vc.workload_fields():
        st.session_state[f"cw_{f}"] = float(getattr(preset, f))


def tokens(snap: Snapshot, filters: Filters, state: vc.CostsState, metrics: dict[str, Metric]) -> vc.CostsState:
    """Price the workload; return the state the widgets now hold (for the URL)."""
    answer = st.container()
    # A fixed label: an expander whose label changes is a new element, and folds on every change.
    with st.expander("Change the workload: requests, tokens, cache, batch, reasoning, metric", expanded=False):
        st.selectbox("Workload preset", list(monthly_cost.PRESETS), index=None, key="cw_preset", on_change=_use_preset)
        cols = st.columns(3)
        for i, (name, text) in enumerate(WORKLOAD_LABELS.items()):
            if name.endswith("_share"):
                cols[i % 3].slider(text, 0.0, 1.0, step=0.05, key=f"cw_{name}")
            else:
                cols[i % 3].number_input(text, min_value=0.0, step=100.0, key=f"cw_{name}")
        st.number_input(
            "Hidden reasoning tokens per request (reasoning models)",
            min_value=0.0,
            step=500.0,
            key="cw_reasoning",
            help="Reasoning models think in tokens you never see, and they are billed as output.",
        )
        st.selectbox("Quality beside cost", list(metrics), key="cw_metric", format_func=lambda b: metrics[b].label)
    st.segmented_control("Quality floor", list(vc.FLOORS), key="cw_floor", format_func=vc.FLOORS.get)
    workload = monthly_cost.Workload(**{f: st.session_state[f"cw_{f}"] for f in vc.workload_fields()})
    state = replace(
        state,
        workload=workload,
        reasoning_tokens=st.session_state.cw_reasoning,
        metric=st.session_state.cw_metric,
        floor=st.session_state.cw_floor or "",
    )
    if wrong := monthly_cost.problems(workload):
        for w in wrong:
            answer.error(w, icon=":material/error:")
        return state
    ranking = workload_ranking(snap, filters, state)
    _render_ranking(answer, snap, filters, state, ranking, metrics[state.metric])
    return state


def _render_ranking(answer, snap, filters, state, ranking: vc.Ranking, metric: Metric) -> None:
    cheapest = ranking.cheapest
    with answer:
        if cheapest.empty:
            st.warning("No priced model matches these filters and this workload.")
        else:
            best = cheapest.iloc[0]
            quality = f" · {metric.label} {best['quality']:.0f}" if pd.notna(best["quality"]) else ""
            st.metric(
                f"Cheapest: {best['name']} via {best['provider']}{quality}",
                f"${best['monthly_usd']:,.2f} / month",
                help="Cheapest offer of the cheapest model that can hold one request, for this workload.",
            )
        w = state.workload
        notes = [
            f"for {w.requests_per_day:,.0f} requests/day × ({w.input_tokens:,.0f} in + {w.output_tokens:,.0f} out) "
            f"tokens, {w.days_per_month:g} days a month"
        ]
        if len(ranking.too_small):
            notes.append(
                f"{len(ranking.too_small):,} models left out: context too small for {ranking.needed_tokens:,.0f} tokens"
            )
        if ranking.floor is not None:
            notes.append(
                f"{ranking.below_floor:,} left out below the floor or without a score ({metric.label} ≥ {ranking.floor:,.0f})"
            )
        if ranking.unknown_context:
            notes.append(f"{ranking.unknown_context:,} kept whose context no source states")
        if state.reasoning_tokens:
            notes.append(f"reasoning models priced with {state.reasoning_tokens:,.0f} extra output tokens per request")
        elif cheapest["reasoning"].any():
            notes.append("reasoning models also bill hidden reasoning tokens as output: add them under the workload")
        if notes:
            st.caption(" · ".join(notes).capitalize() + ".")
        if cheapest.empty:
            return
        st.plotly_chart(workload_figure(snap, filters, state), width="stretch", key="costs_bar")
        shown = cheapest[vc.TABLE_COLUMNS]
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            column_config=config(
                shown.columns, pinned=("name", "quality"), labels={"quality": metric.label, "model_id": "Model id"}
            ),
            placeholder=MISSING,
        )
        st.caption(
            f"{len(ranking.no_price):,} filtered models have no token price (never shown as free); "
            f"{ranking.free_only} have only 0/0 offers (local runners or free tiers), left out."
        )
        # On request: thousands of rows, drawn even inside a folded expander, would delay the chart.
        left_out = f"List the left out: {len(ranking.too_small):,} too small, {len(ranking.no_price):,} without a price"
        if st.toggle(left_out, key="cw_list_left_out"):
            st.dataframe(
                pd.concat(
                    [ranking.too_small[["name", "model_id", "context_tokens"]], ranking.no_price[["name", "model_id"]]]
                ),
                hide_index=True,
                width="stretch",
                column_config=config(["name", "model_id", "context_tokens"], labels={"model_id": "Model id"}),
                placeholder=MISSING,
            )


def units(snap: Snapshot, prepared: pd.DataFrame) -> None:
    answer = st.container()
    task = st.selectbox("Task", list(monthly_cost.UNIT_PRICES), key="cu_task")
    column, unit_label = monthly_cost.UNIT_PRICES[task]
    count = st.number_input(unit_label.capitalize(), min_value=0.0, value=1000.0, step=100.0, key="cu_units")
    kind = set(prepared.loc[prepared["task"] == task, "model_id"])
    priced = monthly_cost.price_units(snap.offers[snap.offers["model_id"].isin(kind)], task, count)
    priced = priced.assign(name=priced["model_id"].map(prepared.set_index("model_id")["name"]))
    unit = unit_label.split(" per ")[0].rstrip("s")
    with answer:
        if len(priced):
            best = priced.iloc[0]
            st.metric(f"Cheapest: {best['name']} via {best['provider']}", f"${best['unit_price']:.4g} per {unit}")
        st.dataframe(
            priced[["name", "provider", "unit_price", "monthly_usd"]],
            hide_index=True,
            width="stretch",
            column_config=config(
                ["name", "provider", "unit_price", "monthly_usd"],
                pinned=("name",),
                labels={"unit_price": f"USD per {unit}"},
            ),
            placeholder=MISSING,
        )
        unpriced = prepared[(prepared["task"] == task) & ~prepared["model_id"].isin(priced["model_id"])]
        with st.expander(f"No price in this unit: {len(unpriced)} {task} models"):
            st.dataframe(
                unpriced[["name", "model_id", "creator"]].assign(price="no price"),
                hide_index=True,
                width="stretch",
                placeholder=MISSING,
            )


def self_hosting(snap: Snapshot, prepared: pd.DataFrame) -> None:
    answer = st.container()
    open_models = prepared[(prepared["openness"] == "open") & prepared["params_b"].gt(0)].set_index("model_id")
    choice = st.selectbox(
        "Open model",
        list(open_models.index),
        index=None,
        key="sh_model",
        placeholder="Search an open model…",
        format_func=lambda i: f"{i} ({open_models.loc[i, 'params_b']:.1f} B)",
    )
    s1, s2, s3 = st.columns(3)
    precision = s1.selectbox("Precision", list(monthly_cost.PRECISION_BYTES), key="sh_precision")
    context = s2.number_input("Context per request (tokens)", min_value=1, value=8192, step=1024, key="sh_context")
    concurrency = s3.number_input("Concurrent requests", min_value=1, value=1, step=1, key="sh_concurrency")
    gpus = st.data_editor(
        monthly_cost.DEFAULT_GPUS,
        key="sh_gpus",
        hide_index=True,
        num_rows="dynamic",
        column_config={
            "usd_per_hour": st.column_config.NumberColumn("USD / hour", format="$%.2f", min_value=0.0),
            "memory_gb": st.column_config.NumberColumn("Memory (GB)", min_value=1.0),
        },
        placeholder=MISSING,
    )
    st.caption(
        f"GPU prices are illustrative on-demand cloud prices as of {monthly_cost.GPU_PRICES_AS_OF}, not quotes: edit them."
    )
    throughput = st.number_input(
        "Your measured throughput (output tokens / second, all GPUs)",
        min_value=1.0,
        value=None,
        key="sh_tps",
        help="No throughput is assumed: it depends on the GPU, batch size and serving engine. Measure yours.",
    )
    if not choice:
        answer.info("Pick an open model below to see the memory it needs and the GPUs that hold it.")
        return
    model = open_models.loc[choice].copy()
    model["model_id"] = choice
    est = selfhost_view.estimate(model, snap.offers, gpus, precision, int(context), int(concurrency), throughput)
    m = est.memory
    with answer:
        one = est.gpus.sort_values("usd_per_hour").iloc[0] if len(est.gpus) else None
        if one is not None:
            st.metric(f"Memory to serve {model['name']}: {m.total_gb:,.1f} GB", f"{one['gpus']} × {one['gpu']}")
        st.markdown(
            f"Weights {model['params_b']:,.1f} B × {monthly_cost.PRECISION_BYTES[precision]:g} bytes = {m.weights_gb:,.1f} GB "
            f"+ KV cache {int(context):,} tokens × {int(concurrency)} requests × {est.kv_bytes_per_token:,.0f} bytes"
            f"{' (scaled to the precision)' if precision != 'fp16 / bf16' else ''} = {m.kv_cache_gb:,.2f} GB "
            f"+ {monthly_cost.OVERHEAD_SHARE:.0%} overhead = {m.overhead_gb:,.1f} GB."
        )
        st.caption(escape_markdown(est.shape_note))
        st.dataframe(
            est.gpus,
            hide_index=True,
            width="stretch",
            column_config={
                "gpu": st.column_config.TextColumn("GPU", pinned=True),
                "gpus": st.column_config.NumberColumn("GPUs needed"),
                "usd_per_hour": st.column_config.NumberColumn("USD / hour (all GPUs)", format="$%.2f"),
                "usd_per_mtok": st.column_config.NumberColumn(
                    "USD / 1M output tokens (your throughput)", format="$%.3f"
                ),
                "break_even_mtok_per_month": st.column_config.NumberColumn(
                    "Break-even vs hosted (M tokens / month)", format="%.0f"
                ),
            },
            placeholder=MISSING,
        )
        st.caption(
            f"Cheapest hosted output price for this model: ${est.hosted_price:.3g} per 1M tokens."
            if est.hosted_price
            else "No hosted offer of this model in the snapshot: no break-even to compute."
        )
