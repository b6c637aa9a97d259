"""The floor: a bare Streamlit page with one Plotly scatter of the same points as Quality vs cost.

The points are computed once per process (st.cache_data), so what is measured per visit is
Streamlit and Plotly themselves: the least any page of ours could cost.
"""

import plotly.graph_objects as go
import streamlit as st

from llm_atlas import BUNDLED_DATA_DIR
from llm_atlas.pipeline import snapshot
from llm_atlas.views import analysis, explore


@st.cache_data
def points():
    snap = snapshot.load(BUNDLED_DATA_DIR)
    return analysis.scatter_points(explore.prepare(snap), snap.scores, "arena_text:full").points


data = points()
st.plotly_chart(go.Figure(go.Scatter(x=data["x"], y=data["y"], mode="markers")).update_xaxes(type="log"))
