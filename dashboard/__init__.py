"""AI Competitiveness Dashboard.

The package is in layers; each imports only the layers below it, never one above, and
no import cycle exists (tests/test_architecture.py computes the import graph):

1. `base`: language strings, formatting, currency arithmetic, safe file output and
   the one cache: nothing about this project's data.
2. `data`: reading and checking the data folder, and the loaded `Data`.
3. `model`: display-ready views of the data, the URL schema and the what-if scenarios.
4. `charts`: chart primitives (plain functions that return a figure) and the registry
   of every chart by id.
5. `outputs`: the story file, static images, the slide deck, the briefing document, QR
   codes and the validator's report.
6. The web layer: `app.py`, `pages/` (one file per page) and `ui/` (shared widgets).
   Only this layer imports Streamlit.

`python -m dashboard.validate`, `python -m dashboard.export` and `python -m dashboard.brief`
are the command lines; they sit above every layer.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DEFAULT_DATA_DIR = REPO_DIR / "data"
# Layers from the bottom up: a module may import its own layer and those before it.
LAYERS = ("base", "data", "model", "charts", "outputs", "web")
