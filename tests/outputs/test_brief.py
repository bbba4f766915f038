"""The briefing files (`dashboard.outputs.brief`): built from the small data folder of
`make_data` for the overview, the compute page and the what-if page, in both
languages and both formats, then opened with their own libraries (python-hwpx,
python-docx) and checked for their words, footnotes and picture; the HWPX passes
python-hwpx's package validation; the DOCX converts to PDF with LibreOffice, whose text
(pdftotext) holds every key number and source. And the command line.

Browser and LibreOffice tests skip on a workstation without them and fail under CI.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import warnings
import zipfile

import pytest
from docx import Document
from PIL import Image

from dashboard import REPO_DIR
from dashboard.base.i18n import t
from dashboard.data.load import load
from dashboard.model import params
from dashboard.outputs import brief, brief_docx, briefing, images
from tests.support.deck import needs

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from hwpx import HwpxDocument
    from hwpx.tools.package_validator import validate_package

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("export")]  # one Chromium worker, as decks
PAGES = ("overview", "compute", "whatif")
BASE = "http://dash.example.org"
NUMBER = re.compile(r"\d[\d,.]*%?")


@pytest.fixture(scope="module")
def built(deck_data):
    """Every briefing: (page, lang, format) -> (the plan, the file's bytes). One Chromium
    per language draws the pictures."""
    needs(images.chromium_available(), "Chromium")
    out = {}
    for lang in ("ko", "en"):
        with images.ImageSession(lang=lang) as session:
            for page in PAGES:
                state = params.ViewState(lang=lang)
                if page == "whatif":
                    state = params.ViewState(lang=lang, scenario=(("added_gpus", 40000.0),))
                planned = briefing.plan(deck_data, lang, state, page, base=BASE)
                for fmt in brief.FORMATS:
                    out[page, lang, fmt] = planned, brief.render(planned, fmt, session=session)
    return out


def squeeze(text: str) -> str:
    """Text without any white space: a layout may break or space a line anywhere."""
    return re.sub(r"\s+", "", text)


def words(planned: briefing.Briefing) -> list[str]:
    """The texts a reader must find: title, release, every point, the link."""
    return [planned.title, planned.release, *(p.text for p in planned.points), planned.link]


KEYS = [(page, lang) for page in PAGES for lang in ("ko", "en")]


# -- HWPX -----------------------------------------------------------------------------------


def open_hwpx(blob: bytes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return HwpxDocument.open(io.BytesIO(blob))


@pytest.mark.parametrize(("page", "lang"), KEYS)
def test_hwpx_passes_the_package_validation(built, page, lang) -> None:
    _, blob = built[page, lang, "hwpx"]
    report = validate_package(io.BytesIO(blob))
    assert report.ok, report.errors
    schema = open_hwpx(blob).validate()
    assert not schema.issues, schema.issues
    assert zipfile.ZipFile(io.BytesIO(blob)).namelist()[0] == "mimetype"


@pytest.mark.parametrize(("page", "lang"), KEYS)
def test_hwpx_has_the_words_the_footnotes_and_the_picture(built, page, lang) -> None:
    planned, blob = built[page, lang, "hwpx"]
    doc = open_hwpx(blob)
    text = squeeze(doc.text.plain())
    for line in words(planned):
        assert squeeze(line) in text, line
    for row in planned.table.rows:
        assert all(squeeze(cell) in text for cell in row), row
    notes = [note for para in doc.paragraphs for note in para.footnotes]
    assert len(notes) == len(planned.notes) >= 1
    assert [squeeze(n.text) for n in notes] == [squeeze(n) for n in planned.notes]
    pictures = doc.media.images
    assert len(pictures) == 1 and pictures[0].format == "png"
    width, height = Image.open(io.BytesIO(doc.package.get_part(pictures[0].href))).size
    assert width == briefing.IMAGE_W and height >= briefing.IMAGE_H


# -- DOCX ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "lang"), KEYS)
def test_docx_has_the_words_the_footnotes_and_the_picture(built, page, lang) -> None:
    planned, blob = built[page, lang, "docx"]
    doc = Document(io.BytesIO(blob))
    text = squeeze("\n".join(p.text for p in doc.paragraphs))
    for line in words(planned)[:-1]:  # the link is a hyperlink field, checked below
        assert squeeze(line) in text, line
    cells = squeeze(
        " ".join(c.text for table in doc.tables for row in table.rows for c in row.cells)
    )
    for row in planned.table.rows:
        assert all(squeeze(cell) in cells for cell in row), row
    assert brief_docx.footnote_count(doc) == len(planned.notes) >= 1
    assert planned.link in {r.target_ref for r in doc.part.rels.values() if r.is_external}
    shapes = doc.inline_shapes
    assert len(shapes) == 1
    blip = shapes[0]._inline.graphic.graphicData.pic.blipFill.blip
    png = doc.part.related_parts[blip.embed].blob
    width, height = Image.open(io.BytesIO(png)).size
    assert width == briefing.IMAGE_W and height >= briefing.IMAGE_H
    assert shapes[0]._inline.docPr.get("descr") == planned.chart.alt
    assert doc.core_properties.title == planned.title


def test_the_korean_and_english_briefings_are_in_their_language(built) -> None:
    ko = Document(io.BytesIO(built["compute", "ko", "docx"][1])).paragraphs[0].text
    en = Document(io.BytesIO(built["compute", "en", "docx"][1])).paragraphs[0].text
    assert any("\uac00" <= c <= "\ud7a3" for c in ko)
    assert not any("\uac00" <= c <= "\ud7a3" for c in en)


def test_docx_converts_to_pdf_holding_every_key_number_and_source(built, tmp_path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    needs(soffice is not None, "LibreOffice (libreoffice-writer)")
    needs(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    for page, lang in KEYS:
        (tmp_path / f"{page}-{lang}.docx").write_bytes(built[page, lang, "docx"][1])
    profile = (tmp_path / "lo-profile").as_uri()  # own profile: parallel runs do not clash
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *sorted(str(p) for p in tmp_path.glob("*.docx"))],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    for page, lang in KEYS:
        planned = built[page, lang, "docx"][0]
        pdf = tmp_path / f"{page}-{lang}.pdf"
        assert pdf.exists(), f"LibreOffice wrote no PDF for {page}-{lang}"
        text = squeeze(
            subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                           text=True, timeout=60).stdout
        )  # fmt: skip
        for point in planned.points:
            if point.level < 2:
                for number in NUMBER.findall(point.text):
                    assert squeeze(number) in text, (page, lang, number, point.text)
        for note in planned.notes:
            publisher = note.split("(")[0]
            assert squeeze(publisher) in text, (page, lang, note)
        assert squeeze(t("brief.no_figure", lang)) in text or all(
            p.text.find(t("brief.no_figure", lang)) < 0 for p in planned.points
        )


# -- the command line -----------------------------------------------------------------------


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.brief", *args],
        cwd=REPO_DIR, capture_output=True, text=True, timeout=300,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.mark.parametrize("fmt", ["hwpx", "docx"])
def test_cli_writes_the_briefing_and_nothing_else(deck_data_dir, tmp_path, fmt) -> None:
    needs(images.chromium_available(), "Chromium")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / f"brief.{fmt}"
    link = f"{BASE}/compute?lang=en&countries=KOR,USA"
    result = run_cli("--lang", "en", "--out", str(target), "--data", str(deck_data_dir),
                     "--query", link, "--url", BASE)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == [target.name]
    state = params.ViewState(lang="en", countries=("KOR", "USA"))
    planned = briefing.plan(load(deck_data_dir), "en", state, "compute", base=BASE)
    assert planned.link == f"{BASE}/compute?lang=en&countries=KOR%2CUSA"
    if fmt == "docx":
        doc = Document(str(target))
        assert brief_docx.footnote_count(doc) == len(planned.notes)
        assert planned.link in {r.target_ref for r in doc.part.rels.values() if r.is_external}
    else:
        assert validate_package(target.read_bytes()).ok
    wrote = t("brief.wrote", "en", path=target.resolve(), points=len(planned.points),
              notes=len(planned.notes))  # fmt: skip
    assert result.stdout.strip() == wrote


@pytest.mark.parametrize("target", ["folder", "missing/brief.docx", "brief.pdf", "brief.pptx"])
def test_cli_refuses_a_bad_target_and_writes_nothing(deck_data_dir, tmp_path, target) -> None:
    (tmp_path / "folder").mkdir()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = run_cli("--lang", "ko", "--out", str(tmp_path / target), "--data", str(deck_data_dir))
    assert result.returncode == 2
    assert result.stderr.strip() and "Traceback" not in result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_cli_bad_query_exits_2_and_no_chromium_exits_3(deck_data_dir, tmp_path, monkeypatch,
                                                       capsys) -> None:  # fmt: skip
    out = str(tmp_path / "b.docx")
    assert brief.main(["--lang", "en", "--out", out, "--data", str(deck_data_dir),
                       "--query", "countries=KOR,ATLANTIS"]) == 2  # fmt: skip
    assert "countries" in capsys.readouterr().err
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-browser"))
    assert brief.main(["--lang", "en", "--out", out, "--data", str(deck_data_dir)]) == 3
    assert "BROWSER_PATH" in capsys.readouterr().err
    assert not (tmp_path / "b.docx").exists()


def test_page_of_a_pasted_link() -> None:
    assert brief.page_of(f"{BASE}/whatif?s.added_gpus=1", None) == "whatif"
    assert brief.page_of(f"{BASE}/?lang=en", None) == "overview"
    assert brief.page_of("lang=en", "compute") == "compute"
