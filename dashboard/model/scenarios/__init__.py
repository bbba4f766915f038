"""The what-if core: pure, typed scenario arithmetic for the what-if page.

- `assumptions`: the sourced defaults, bounds, steps and low/high case values
  (data/assumptions.csv) and slider specs; `slider_specs`: the sliders whose default or
  bounds come from the data;
- the compute projection, in H100-equivalents on one basis: `units` (GPU counts by chip
  type), `world` (the world's stock and flow, slowing sales, retirements, power),
  `starts` (each country's triangulated start), `china` (export-control regimes and
  domestic output), `pipelines` (Korea's government paths and the NVIDIA deal, France's
  megawatts), `buildout` (the countries within the world, by named low/central/high
  case) and `projections` (outside projections beside the scenario);
- `investment`: Korea's pledge against Stargate, France, China's funds and forecasts;
- `tco`: owning GPUs versus renting cloud GPU-hours, with the break-even utilisation;
- `composite`: a weighted, min-max normalised index with a rank-stability band, fed by
  the other scenarios through pillar overrides;
- `sections`: one frozen object per page section, its fields named as the link names
  them; `whatif`: the page's sliders by URL key (`s.<key>`), the values a link or story
  slide resolves to, and each section computed from them.

Figures that are in the data are read from it (`dashboard.data.load.Data`), never retyped
here; everything else comes from the assumptions file with its source. No module here
imports Streamlit, formats numbers or draws charts: the page and
`dashboard.charts.registry_whatif` do that.
"""
