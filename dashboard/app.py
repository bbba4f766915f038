"""Entry point: `streamlit run dashboard/app.py`.

Loads the data (cached), reads the view state from the URL, draws the shared controls
and runs the chosen page. Pages live in dashboard/pages/, one file each.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on the path, not the repository.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard.i18n import t  # noqa: E402
from dashboard.ui import common  # noqa: E402

PAGES = ("overview", "compute", "companies", "rankings", "investment", "sources")
PAGE_ICONS = {"overview": "🏠", "compute": "🖥️", "companies": "🏢", "rankings": "🏅",
              "investment": "💰", "sources": "📚"}

st.set_page_config(page_title="AI 경쟁력 대시보드", page_icon="📊", layout="wide")

data = common.load_data()
state, notices = common.read_state(data)
state = common.sidebar_controls(data, state)
lang = state.lang
countries = list(state.countries) or data.default_countries()
common.set_context(common.PageContext(data=data, state=state, lang=lang, countries=countries))

pages = [
    st.Page(f"pages/{name}.py", title=t(f"nav.{name}", lang), icon=PAGE_ICONS[name],
            url_path=name, default=(name == "overview"))
    for name in PAGES
]
page = st.navigation(pages)
st.sidebar.caption(t("app.data_note", lang))
common.show_problems(data, lang)
common.show_notices(notices, lang)
page.run()
common.write_state(common.page_context().state)
