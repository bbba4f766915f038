"""The floor of any page: the calls `benchmarks.capture` recorded from one real run of
the app's page, replayed as they were; it computes nothing itself. It replays the
recording held in this process (`capture.hold`, under AppTest), else the floor file that
``BENCH_FLOOR`` names, read once per process:

    BENCH_FLOOR=/tmp/whatif.floor PYTHONPATH=. streamlit run benchmarks/floor_page.py
"""

import sys
from pathlib import Path

# AppTest and `streamlit run` run this file as a script: the repository must be importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st

from benchmarks import capture

st.set_page_config(layout="wide")
capture.replay(capture.held())
