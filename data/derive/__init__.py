"""Derivations anyone can rerun: figures computed from published datasets.

Each derivation is one module of this package with the same small interface:

- `SCRIPT` (its path, which every row it writes names in its note), `INPUT` (the id of its
  pinned input in `manifest.toml`) and `TARGET` (the data file its rows live in);
- `derive(raw, entities, remarks)`: the rows it produces from the input read as text
  (`pandas.read_csv(..., dtype=str, keep_default_na=False)`), for the entities of
  `entities.csv`, with the hand-written remarks of `remarks.csv`;
- `owns(row)`: whether a row of the target file is one it writes (its current figures);
- `derived_pairs()`: (metric, source_id) of every row it ever computed, superseded ones too.

`python -m data.derive [DATA_DIR]` (`make derive`) runs them all: it checks each input's
sha256, and rewrites exactly the rows each derivation owns, leaving every other row
byte for byte and in place. Nothing in `dashboard/` imports this package; it imports only
pandas and the standard library.
"""

from data.derive import epoch_chip_owners, epoch_clusters

DERIVATIONS = (epoch_clusters, epoch_chip_owners)
