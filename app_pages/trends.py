"""Trends: how far open models trail proprietary ones, and how fast a given quality gets cheaper."""

import streamlit as st

from llm_atlas import history_charts
from llm_atlas.text import escape_markdown as esc
from llm_atlas.ui.data import load_snapshot
from llm_atlas.ui.filters import drop_unknown_params, show_notice
from llm_atlas.ui.trends import load_board_index, load_view
from llm_atlas.views import boards, open_gap, price_of_quality, trends

snap = load_snapshot()
drop_unknown_params(("board", "category", "ref"))
index = load_board_index(snap)
st.title("Trends")
if index.empty:
    st.info("This snapshot has no history yet: run `python -m llm_atlas.refresh --history-from DIR` to backfill it.")
    st.stop()

if "tr_board" not in st.session_state:  # first visit: the view from the URL, screened
    board, category, ref, notices = trends.parse_view(st.query_params.to_dict(), index)
    st.session_state.update(tr_board=board, tr_category=category, tr_ref=ref)
    for n in notices:
        show_notice(n)

board_names = sorted(index["board"].unique())
c1, c2 = st.columns(2)
board = c1.selectbox("Board", board_names, key="tr_board", format_func=lambda b: boards.BOARD_LABELS.get(b, b))
cats = trends.categories(index, board)
if st.session_state.get("tr_category") not in cats:
    st.session_state.tr_category = cats[0]
category = c2.selectbox("Category", cats, key="tr_category", format_func=lambda c: c.replace("_", " "))
label = boards.BOARD_LABELS.get(board, board)
v = load_view(snap, board, category, st.session_state.get("tr_ref"))
for n in v.notices:
    show_notice(n)
view_url = {"board": board, "category": category}
st.query_params.from_dict({**view_url, "ref": v.reference} if v.reference else view_url)

st.header("Open vs proprietary")
sentence = open_gap.gap_sentence(v.frontier, label, category)
st.markdown(esc(sentence) if sentence else "No version of this board rates both an open and a proprietary model.")
for s in open_gap.catch_up_sentences(v.frontier):
    st.markdown(esc(s))
if len(v.frontier.per_version):
    st.plotly_chart(
        history_charts.frontier_figure(v.frontier.per_version, v.frontier.entrants, label),
        width="stretch",
        key="tr_frontier",
    )
    st.plotly_chart(history_charts.gap_figure(v.frontier.gap), width="stretch", key="tr_gap")
ex = v.frontier.excluded.iloc[-1] if len(v.frontier.excluded) else None
st.caption(
    f"{history_charts.SCALE_NOTE} Window: {v.frontier.window[0]} to {v.frontier.window[1]},"
    f" {len(v.frontier.excluded)} versions (LMArena, lmarena/arena-catalog). Openness is the catalog's open-weights"
    " flag, as on Explore."
    + (
        f" In the last version {ex['unknown_openness']} of {ex['rated']} rated models have no known openness and"
        f" {ex['unjoined']} join no catalog model; both are left out."
        if ex is not None
        else ""
    )
)
with st.expander("How “reached the level of” is worked out"):
    st.markdown(trends.CATCH_UP_METHOD)
with st.expander(f"Models that took the lead ({len(v.frontier.entrants)})"):
    st.dataframe(
        v.frontier.entrants,
        hide_index=True,
        width="stretch",
        column_config={
            "date": "Version",
            "side": "Side",
            "model_id": "Took the lead",
            "rating": st.column_config.NumberColumn("Rating (that version)", format="%.0f"),
            "replaced": "Replaced",
        },
    )
if v.unjoined:
    with st.expander(f"Names on this board that join no catalog model ({len(v.unjoined)})"):
        st.text("\n".join(v.unjoined))

st.header("Price of a fixed quality")
if board not in price_of_quality.TOKEN_PRICED_BOARDS:
    st.info("Image generators are priced per image, and the price history holds token prices only.")
    st.stop()
if not v.references:
    st.info("No model is rated in enough versions of this board to set a quality level.")
    st.stop()
if st.session_state.get("tr_ref") not in v.references:
    st.session_state.tr_ref = v.reference
st.selectbox(
    "At least as good as",
    v.references,
    key="tr_ref",
    help="Models rated in at least three versions of this board, best first.",
)
q = v.quality
qs = price_of_quality.quality_sentence(q, v.reference)
st.markdown(esc(qs) if qs else "No model at that level has a recorded price.")
if len(q.series):
    st.plotly_chart(history_charts.fixed_quality_figure(q.series, v.reference), width="stretch", key="tr_quality")
st.caption(
    f"Window: {q.window[0]} to {q.window[1]}. Quality from {q.versions_used} LMArena versions ({v.frontier.window[0]}"
    f" to {v.frontier.window[1]}): models first rated later are not counted. Prices from models.dev's recorded"
    " price changes (from June 2025; its record grew over its first weeks, so the first points may overstate the"
    " cheapest price) and the snapshot's price lists at their data dates; the source of each point is in its hover."
    f" Prices under ${price_of_quality.MIN_TOKEN_PRICE} per 1M tokens are left out as unit slips."
    f" {v.price_routes_unjoined:,} of {v.price_routes:,} provider routes with a price history join no catalog model"
    " and are not counted (listed in data/history_unmatched.tsv)."
)
with st.expander("How the level and the price are worked out"):
    st.markdown(trends.QUALITY_METHOD)
