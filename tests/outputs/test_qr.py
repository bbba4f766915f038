"""QR codes of a view's link (`dashboard.outputs.qr`): decoded back to the same link, for
any link the app makes; and `qr=1`, the URL parameter that shows one on a slide."""

from __future__ import annotations

import io
import urllib.parse

import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from dashboard.model import params
from dashboard.outputs import qr

QR = zxingcpp.BarcodeFormat.QRCode  # only QR codes: a decoder may see other symbols in one


def decode(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)), formats=QR)]


QUERIES = st.dictionaries(
    st.sampled_from(["lang", "countries", "present", "slide", "s.added_gpus", "sc1.name"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30),
    max_size=5,
)


@settings(max_examples=25, deadline=None)
@given(query=QUERIES, page=st.sampled_from(["", "compute", "whatif"]))
def test_a_qr_code_decodes_to_its_link(query, page) -> None:
    link = params.link("https://dash.example.org:8443/forum", page, query)
    png = qr.png(link, size=300)
    assert decode(png) == [link]
    width, height = Image.open(io.BytesIO(png)).size
    assert width == height >= 300


def test_the_short_link_drops_only_the_scheme() -> None:
    assert qr.short("https://a.org/x?y=1") == "a.org/x?y=1"
    assert qr.short("/compute?present=1") == "/compute?present=1"


def test_qr_travels_in_the_link_and_defaults_off() -> None:
    state, notices = params.parse({"present": "1", "qr": "1"}, entities=["KOR"])
    assert not notices and state.qr and state.present
    assert params.encode(state) == {"present": "1", "qr": "1"}
    assert not params.parse({}, entities=["KOR"])[0].qr
    assert params.parse({"qr": "yes"}, entities=["KOR"])[1] == [params.Notice("qr", "not_allowed")]


def test_link_puts_the_overview_at_the_root() -> None:
    assert params.link("", "overview", {}) == "/"
    assert params.link("http://h", "compute", {"lang": "en", "countries": "KOR,USA"}) == (
        "http://h/compute?lang=en&countries=KOR%2CUSA"
    )
    query = urllib.parse.urlsplit(params.link("http://h", "", {"sc1.name": "a&b"})).query
    assert urllib.parse.parse_qs(query) == {"sc1.name": ["a&b"]}
