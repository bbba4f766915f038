"""The what-if core: pure, typed scenario arithmetic for the what-if page.

- `assumptions`: the sourced defaults, bounds and steps (data/assumptions.csv) and slider
  specs, including sliders whose default is a figure from the data;
- `buildout`: Korea adds GPUs; compute per country and year, ranks, per capita, per GDP;
- `investment`: Korea's pledge against Stargate, France, China's funds and forecasts;
- `tco`: owning GPUs versus renting cloud GPU-hours, with the break-even utilisation;
- `composite`: a weighted, min-max normalised index with a rank-stability band, fed by
  the other scenarios through pillar overrides;
- `whatif`: the what-if page's sliders by URL key (`s.<key>`), the values a scenario or
  story slide resolves to, and each section computed from them.

Figures that are in the data are read from it (`dashboard.data.load.Data`), never retyped
here; everything else comes from the assumptions file with its source. No module here
imports Streamlit, formats numbers or draws charts: the page and `dashboard.charts.registry_whatif`
do that. Only `whatif` remembers results (its latest, per `Data` object) and reads the
strings files (the labels of the sliders it adds).
"""
