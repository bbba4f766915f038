"""The floor of any page: the calls `benchmarks.capture` recorded from one real run of
the app's page, replayed as they were. Run it through AppTest in the process that held
the recording (`benchmarks._worker page --target floor`); it computes nothing itself."""

import sys
from pathlib import Path

# AppTest runs this file as a script: the repository must be importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st

from benchmarks import capture

st.set_page_config(layout="wide")
capture.replay(capture.held())
