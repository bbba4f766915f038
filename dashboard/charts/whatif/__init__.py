"""The what-if charts, one module each, plus their words, their rows and their tables.

Each chart module holds a `draw(result, *, labels, style) -> Plot` (a figure as plain
data, `dashboard.charts.plain`) and the labels it takes: it draws numbers the model
worked out (`dashboard.model.scenarios`) with words already in the reader's language
(`words`). `rows` turns the figures and assumptions behind a result into the rows every
chart shows with its sources; `tables` makes the page's tables and metric cards. The
registry that goes from a view to a chart (resolve the scenario once, compute, find the
words, draw) is `dashboard.charts.registry_whatif`. Nothing here imports Streamlit or
reads files.
"""
