"""Layer 3, model: what the pages show, computed from the data, in plain Python.

`views` turns figures into display-ready frames in one language, `params` is the URL
schema of the view state, and `scenarios` holds the what-if arithmetic and its sliders.
Imports `base` and `data`; never draws a chart or imports Streamlit.
"""
