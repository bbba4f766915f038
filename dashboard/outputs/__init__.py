"""Layer 5, outputs: what leaves the app as files or reports.

`story` reads and checks the talk (data/story.yaml), `images` draws static PNG/SVG
through Chromium, `export` builds the slide deck, and `validate` reports the data
folder's problems. Imports every layer below; never Streamlit.
"""
