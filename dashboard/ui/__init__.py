"""The Streamlit layer's shared widgets and state (the only Streamlit code outside pages)."""
