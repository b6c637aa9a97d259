"""Costs: a workload priced per month across models, and what self-hosting an open model would cost."""

import streamlit as st

from llm_atlas import costs
from llm_atlas.ui import MISSING
from llm_atlas.ui import filters as ui_filters
from llm_atlas.ui.data import (
    filter_catalog,
    load_explore_table,
    load_metrics,
    load_snapshot,
    load_vocabularies,
    workload_figure,
    workload_ranking,
)

snap = load_snapshot()
prepared = load_explore_table(snap.built_at)
vocab = load_vocabularies(snap.built_at)
ui_filters.init_from_url("costs", vocab)
metrics = load_metrics(snap.built_at)

FIELDS = ("requests_per_day", "input_tokens", "output_tokens", "cached_share", "batch_share", "days_per_month")
if "cw_requests_per_day" not in st.session_state:
    for f in FIELDS:
        st.session_state[f"cw_{f}"] = float(getattr(costs.PRESETS["Chatbot"], f))


def use_preset() -> None:
    preset = costs.PRESETS[st.session_state.cw_preset]
    for f in FIELDS:
        st.session_state[f"cw_{f}"] = float(getattr(preset, f))


st.title("What will it cost?")
ui_filters.show_url_notices()
# The filters' values come from session state; their sidebar widgets are drawn last so the
# page's own content reaches the browser first (as on Quality vs cost; bench/run.py app).
filters = ui_filters.current()
result = filter_catalog(snap.built_at, filters)

# Widgets of a section not shown this run would lose their values; re-storing them keeps a
# person's workload and choices when they switch sections (Streamlit's documented idiom).
# (Not the GPU table: a data editor's state cannot be set.)
for key in [k for k in st.session_state if str(k).startswith(("cw_", "cu_", "sh_")) and k != "sh_gpus"]:
    st.session_state[key] = st.session_state[key]

# One section at a time (not st.tabs, which builds all three): the page sends and draws a third.
SECTIONS = ("Token workload on hosted APIs", "Images, audio, speech", "Self-hosting an open model")
section = st.radio("Section", SECTIONS, horizontal=True, key="costs_section", label_visibility="collapsed")

if section == SECTIONS[0]:
    st.selectbox(
        "Workload preset",
        list(costs.PRESETS),
        index=None,
        key="cw_preset",
        placeholder="Chatbot, RAG, summarisation…",
        on_change=use_preset,
    )
    c1, c2, c3 = st.columns(3)
    c1.number_input("Requests per day", min_value=0.0, step=100.0, key="cw_requests_per_day")
    c2.number_input("Input tokens per request", min_value=0.0, step=100.0, key="cw_input_tokens")
    c3.number_input("Output tokens per request", min_value=0.0, step=50.0, key="cw_output_tokens")
    c4, c5, c6 = st.columns(3)
    c4.slider("Share of input from cache", 0.0, 1.0, step=0.05, key="cw_cached_share")
    c5.slider("Share of requests sent as batch", 0.0, 1.0, step=0.05, key="cw_batch_share")
    c6.number_input("Days per month", min_value=1.0, max_value=31.0, step=1.0, key="cw_days_per_month")
    workload = costs.Workload(**{f: st.session_state[f"cw_{f}"] for f in FIELDS})
    wrong = costs.problems(workload)
    if wrong:
        for w in wrong:
            st.error(w, icon=":material/error:")
    else:
        metric = st.selectbox(
            "Quality beside cost", list(metrics), key="cw_metric", format_func=lambda b: metrics[b].label
        )
        min_q = st.number_input(
            f"Only models scoring at least ({metrics[metric].label})", value=None, key="cw_min_quality"
        )
        view = (snap.built_at, filters, workload, metric, min_q)
        cheapest, no_price, offers = workload_ranking(*view)
        if cheapest.empty:
            st.warning("No priced model matches these filters.")
        else:
            best = cheapest.iloc[0]
            st.metric(
                f"Cheapest: {best['name']} via {best['provider']}",
                f"${best['monthly_usd']:,.2f} / month",
                help="Cheapest offer of the cheapest model for this workload.",
            )
            st.plotly_chart(workload_figure(*view), width="stretch", key="costs_bar")
            table = cheapest.assign(
                input_share=cheapest["cost_input"] / cheapest["monthly_usd"],
                cached_share=cheapest["cost_cached"] / cheapest["monthly_usd"],
                output_share=cheapest["cost_output"] / cheapest["monthly_usd"],
            )[
                [
                    "name",
                    "model_id",
                    "provider",
                    "monthly_usd",
                    "per_1k_requests_usd",
                    "input_share",
                    "cached_share",
                    "output_share",
                    "long_context_tier",
                    "quality",
                ]
            ]
            share = st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)
            st.dataframe(
                table,
                hide_index=True,
                width="stretch",
                column_config={
                    "monthly_usd": st.column_config.NumberColumn("USD / month", format="$%.2f"),
                    "per_1k_requests_usd": st.column_config.NumberColumn("USD / 1,000 requests", format="$%.4f"),
                    "input_share": share,
                    "cached_share": share,
                    "output_share": share,
                    "long_context_tier": st.column_config.CheckboxColumn("Long-context price"),
                    "quality": st.column_config.NumberColumn(metrics[metric].label, format="%.4g"),
                },
                placeholder=MISSING,
            )
        free = costs.free_offers(offers)
        st.caption(
            f"{len(no_price):,} filtered models have no token price (listed below, never shown as free); "
            f"{free['model_id'].nunique()} have only 0/0 offers (local runners or free tiers), left out of the ranking."
        )
        with st.expander(f"No price: {len(no_price):,} models"):
            st.dataframe(no_price[["name", "model_id", "task"]], hide_index=True, width="stretch", placeholder=MISSING)

elif section == SECTIONS[1]:
    task = st.selectbox("Task", list(costs.UNIT_PRICES), key="cu_task")
    column, unit_label = costs.UNIT_PRICES[task]
    units = st.number_input(unit_label.capitalize(), min_value=0.0, value=1000.0, step=100.0, key="cu_units")
    kind = set(prepared.loc[prepared["task"] == task, "model_id"])
    priced = costs.price_units(snap.offers[snap.offers["model_id"].isin(kind)], task, units)
    priced = priced.assign(name=priced["model_id"].map(prepared.set_index("model_id")["name"]))
    st.dataframe(
        priced[["name", "provider", "unit_price", "monthly_usd"]],
        hide_index=True,
        width="stretch",
        column_config={
            "unit_price": st.column_config.NumberColumn(
                f"USD per {unit_label.split(' per ')[0].rstrip('s')}", format="$%.4g"
            ),
            "monthly_usd": st.column_config.NumberColumn("USD / month", format="$%.2f"),
        },
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

else:
    open_models = prepared[(prepared["openness"] == "open") & prepared["params_b"].notna()]
    params_of = dict(zip(open_models["model_id"], open_models["params_b"].astype(float), strict=True))
    choice = st.selectbox(
        "Open model",
        list(params_of),
        index=None,
        key="sh_model",
        placeholder="Search an open model…",
        format_func=lambda i: f"{i} ({params_of[i]:.1f} B)",
    )
    s1, s2, s3, s4 = st.columns(4)
    precision = s1.selectbox("Precision", list(costs.PRECISION_BYTES), key="sh_precision")
    context = s2.number_input("Context per request (tokens)", min_value=1, value=8192, step=1024, key="sh_context")
    concurrency = s3.number_input("Concurrent requests", min_value=1, value=4, step=1, key="sh_concurrency")
    kv_kb = s4.number_input(
        "KV cache per token at 16-bit (KB)", min_value=0.0, value=costs.DEFAULT_KV_KB_PER_TOKEN, step=16.0, key="sh_kv"
    )
    gpus = st.data_editor(
        costs.DEFAULT_GPUS,
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
        f"GPU prices are illustrative on-demand cloud prices as of {costs.GPU_PRICES_AS_OF}, not quotes: edit them to yours."
    )
    throughput = st.number_input(
        "Sustained throughput (output tokens / second, all GPUs)", min_value=1.0, value=1000.0, step=100.0, key="sh_tps"
    )
    if choice:
        params_b = params_of[choice]
        mem = costs.serving_memory(params_b, precision, int(context), int(concurrency), kv_kb)
        st.markdown(
            f"**Memory to serve: {mem.total_gb:,.1f} GB** = weights {params_b:,.1f} B × {costs.PRECISION_BYTES[precision]:g} bytes = {mem.weights_gb:,.1f} GB "
            f"+ KV cache {int(context):,} tokens × {int(concurrency)} requests × {kv_kb:g} KB = {mem.kv_cache_gb:,.1f} GB "
            f"+ {costs.OVERHEAD_SHARE:.0%} overhead = {mem.overhead_gb:,.1f} GB."
        )
        hosted = snap.offers[(snap.offers["model_id"] == choice) & snap.offers["price_out_usd_mtok"].gt(0)]
        hosted_price = float(hosted["price_out_usd_mtok"].min()) if len(hosted) else None
        rows = []
        for g in gpus.dropna(subset=["memory_gb", "usd_per_hour"]).itertuples():
            n = costs.gpus_needed(mem.total_gb, g.memory_gb)
            per_mtok = costs.self_host_cost_per_mtok(n, g.usd_per_hour, throughput)
            even = costs.break_even_tokens_per_month(n, g.usd_per_hour, hosted_price) if hosted_price else None
            rows.append(
                {
                    "gpu": g.gpu,
                    "gpus": n,
                    "usd_per_hour": n * g.usd_per_hour,
                    "usd_per_mtok": per_mtok,
                    "break_even_mtok_per_month": even / 1e6 if even else None,
                }
            )
        st.dataframe(
            rows,
            hide_index=True,
            width="stretch",
            column_config={
                "usd_per_hour": st.column_config.NumberColumn("USD / hour (all GPUs)", format="$%.2f"),
                "usd_per_mtok": st.column_config.NumberColumn("USD / 1M output tokens", format="$%.3f"),
                "break_even_mtok_per_month": st.column_config.NumberColumn(
                    "Break-even vs hosted (M tokens / month)", format="%.0f"
                ),
            },
            placeholder=MISSING,
        )
        st.caption(
            f"Cheapest hosted output price for this model: ${hosted_price:.3g} per 1M tokens."
            if hosted_price
            else "No hosted offer of this model in the snapshot: no break-even to compute."
        )

ui_filters.sync_url(filters, None)
ui_filters.render(vocab)
ui_filters.render_funnel(result, len(prepared))
