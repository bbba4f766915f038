"""Layer 4, charts: figures from the model's frames.

`primitives` holds plain chart functions, `(frame, *, labels, style, ...) -> Plot` (a
figure as plain data, `plain`), that know nothing of the data folder; `registry` and
`registry_whatif` compute what each chart shows and call them; `registry.CHARTS` is the
explicit registry of every chart by id, for pages, slides and export. Imports `base`,
`data` and `model`.
"""
