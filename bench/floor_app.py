"""The floor: a bare Streamlit page with one Plotly scatter of the same points as Quality vs cost."""

import plotly.graph_objects as go
import streamlit as st

from llm_atlas import BUNDLED_DATA_DIR, analysis, explore, snapshot

snap = snapshot.load(BUNDLED_DATA_DIR)
points = analysis.scatter_points(explore.prepare(snap), snap.scores, "arena_text:full").points
st.plotly_chart(go.Figure(go.Scatter(x=points["x"], y=points["y"], mode="markers")).update_xaxes(type="log"))
