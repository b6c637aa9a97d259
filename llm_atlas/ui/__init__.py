"""Streamlit helpers: the only part of the package that imports Streamlit."""

# What tables show for a value no source gives (Streamlit's default is a grey "None").
MISSING = "—"
