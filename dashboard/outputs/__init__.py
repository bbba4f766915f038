"""Layer 5, outputs: what leaves the app as files or reports.

`story` reads and checks the talk (data/story.yaml), `images` draws static PNG/SVG
through Chromium, and `validate` reports the data folder's problems. The slide deck is
built by `export` (`build_deck` and the command line) from `slides` (which slides, their
views and words), `restyle` (a figure fitted to a slide picture), `deck` (the python-pptx
layout) and `layout` (geometry, type sizes, neutral colours). `workbook` writes the
Excel downloads (a chart's rows, the whole dataset) and `citation` the "Cite this" texts
(APA-style, Korean-style, BibTeX). Imports every layer below; never Streamlit.
"""
