"""A page that fails outright, run with the repository's production settings
(.streamlit/config.toml): what a user sees when something breaks past the app's own
guards. Used only by the browser tests."""

import streamlit as st

st.title("Forced failure")
raise RuntimeError("forced failure for the error-display test")
