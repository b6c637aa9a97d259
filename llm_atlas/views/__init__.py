"""Pure page logic, one module per page (no Streamlit here)."""
