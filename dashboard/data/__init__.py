"""Layer 2, data: the data folder read, checked and joined.

`dataset` reads every file the descriptor declares and checks it (the validator and the
app share these checks); `load` joins the checked tables into one immutable `Data`;
`coverage` counts figures per entity and topic. Imports only `base`. Nothing here
formats for display or draws.
"""
