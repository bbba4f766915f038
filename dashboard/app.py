"""Entry point: `streamlit run dashboard/app.py`.

Loads the data (cached), reads the view state from the URL, draws the shared controls
and runs the chosen page. Pages live in dashboard/pages/, one file each.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on the path, not the repository.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st

from dashboard.base.i18n import t
from dashboard.model import params
from dashboard.ui import context, url

# Material icons ship with Streamlit, so they draw offline (emoji need a system font).
PAGE_ICONS = {
    "overview": ":material/home:",
    "compute": ":material/memory:",
    "companies": ":material/business:",
    "rankings": ":material/leaderboard:",
    "investment": ":material/payments:",
    "whatif": ":material/tune:",
    "sources": ":material/menu_book:",
}

# A file of the app's own: a Material icon as page_icon is fetched from a font server,
# and the app must run offline.
FAVICON = str(Path(__file__).resolve().parent / "assets" / "favicon.png")

data = context.load_data()  # never raises: a folder that cannot be loaded is empty data
state = url.read_state(data)[0]
lang = state.lang
st.set_page_config(
    page_title=t("app.title", lang),
    page_icon=FAVICON,
    layout="wide",
    initial_sidebar_state="collapsed" if state.present else "auto",
)
# /overview or any unknown path: the overview, with a notice
url.route_unknown_path(params.PAGES)
pages = [
    st.Page(
        f"pages/{name}.py",
        title=t(f"nav.{name}", lang),
        icon=PAGE_ICONS[name],
        url_path=name,
        default=(name == "overview"),
    )
    for name in params.PAGES
]
# The navigation is drawn here, in the reader's language, not by Streamlit: with a
# `pages/` folder beside app.py, Streamlit would list the raw file names ("app",
# "companies", ...) on a cold server's first paint, before this script has run once
# (`client.showSidebarNavigation = false` in .streamlit/config.toml turns that off).
page = st.navigation(pages, position="hidden")
if not state.present:
    with st.sidebar.container(key="nav"):
        for link in pages:
            st.page_link(link, label=link.title, icon=link.icon)
try:
    page.run()  # each page starts with page.setup(): controls, banners, URL state
except Exception:  # a bug, not bad data (that is checked on load): log it, keep the page
    logging.getLogger("dashboard").exception("page %s failed", page.url_path)
    st.error(t("app.page_failed", lang), icon=":material/error:")
