"""AI Competitiveness Dashboard: a pure core (data, scenarios, charts, formatting,
export) and a thin Streamlit layer (app.py, pages/, ui/).

Only app.py, pages/ and ui/ import Streamlit; everything else here is plain Python.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
DEFAULT_DATA_DIR = REPO_DIR / "data"
