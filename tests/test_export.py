"""The forum deck: python -m dashboard.export and build_deck.

Decks are built from a small data folder written here (inline CSV plus the repository's
datapackage.json) and the real story file, reopened with python-pptx and checked slide
by slide; one test renders a deck with LibreOffice and poppler to prove it opens.
Browser and LibreOffice tests skip on a workstation without them and fail under CI.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard import DEFAULT_DATA_DIR, REPO_DIR
from dashboard.charts import figures
from dashboard.charts.primitives import Style
from dashboard.data.load import load
from dashboard.model import params
from dashboard.outputs import export, images
from dashboard.outputs.story import DEFAULT_STORY, load_story

# Module-scoped fixtures (decks, browser sessions, apps) are costly: one worker runs
# this file (make test distributes with --dist loadgroup).
pytestmark = pytest.mark.xdist_group("export")

IN_CI = os.environ.get("CI") == "true"

# -- a small data folder ------------------------------------------------------------------

ENTITIES = """id,kind,name_en,name_ko,country,color
KOR,country,South Korea,한국,KOR,#0072B2
CHN,country,China,중국,CHN,#D55E00
FRA,country,France,프랑스,FRA,#009E73
USA,country,United States,미국,USA,#CC79A7
GBR,country,United Kingdom,영국,GBR,#E69F00
JPN,country,Japan,일본,JPN,#56B4E9
DEU,country,Germany,독일,DEU,#000000
XAI,company,xAI,xAI,USA,#E7298A
"""
METRICS = """metric,topic,label_en,label_ko,unit,description_en,description_ko,higher_is_better
gpus_held,compute,GPUs held,보유 GPU,gpu,d,d,true
gpus_planned,compute,Planned GPUs,확보 계획 GPU,gpu,d,d,true
gpus_pledged,compute,Pledged GPUs,공약 GPU,gpu,d,d,true
share_global_gpu_cluster_performance,compute,Cluster share,클러스터 점유율,percent,d,d,true
newly_funded_ai_companies,companies,Newly funded AI firms,신규 투자 AI 기업,count,d,d,true
ai_companies_total,companies,AI companies (total),AI 기업 수(전체),count,d,d,true
tortoise_rank,rankings,Tortoise overall rank,토터스 종합 순위,rank,d,d,false
tortoise_operating_environment_rank,rankings,Operating environment,운영환경,rank,d,d,false
private_ai_investment,investment,Private AI investment,민간 AI 투자,currency_bn,d,d,true
national_ai_plan,investment,National AI plan,국가 AI 계획,currency_bn,d,d,true
private_ai_infrastructure_pledge,investment,AI pledge,AI 인프라 약속,currency_bn,d,d,true
population,context,Population,인구,people_m,d,d,true
gdp,context,GDP,국내총생산,currency_bn,d,d,true
fx_per_usd,context,Exchange rate,환율,per_usd,d,d,true
"""
SOURCES = """source_id,title,publisher,published,url,kind,accessed,note
gov,Government GPU briefing,Ministry Daily,2025-02-17,https://example.org/gov-gpu,official,2026-01-10,
index,AI Index report,Stanford HAI,2025-04,https://example.org/ai-index,index,2026-01-10,
rank,Global AI Index,Tortoise Media,2024-09-19,https://example.org/tortoise,index,2026-01-10,
press,Company cluster claim,Tech Press,2024-07-22,https://example.org/cluster,press,2026-01-10,
art,The innovation dilemma,Article Weekly,2025,https://example.org/article,article,2026-01-10,
fx,Reference rates,Central Bank,2025,https://example.org/fx,official,2026-01-10,
epoch,GPU cluster dataset,Epoch AI,2025-10-22,https://example.org/epoch,research,2026-01-10,
"""
CLAIMS = """claim_id,source_id,topic,text_en,text_ko,verdict,note_en,note_ko
kor_35th,art,rankings,Korea ranks 35th,한국 35위,contradicted,A sub-pillar rank,세부 부문 순위
"""
OBS = "entity,metric,year,period_start,value,source_id,status,confidence,claim_id,note,note_ko"
COMPUTE = (
    OBS
    + """,gpu_type
KOR,gpus_held,2023,,2000,gov,estimate,medium,,,,
KOR,gpus_held,2025,,65000,press,estimate,medium,,,,
KOR,gpus_planned,2028,,50000,gov,planned,high,,,,
KOR,gpus_pledged,2025,,50000,art,pledged,medium,,,,
CHN,gpus_held,2025,,350000,art,estimate,low,,,,H100
XAI,gpus_held,2024,,100000,press,actual,medium,,,,H100
KOR,share_global_gpu_cluster_performance,2025,,0.5,epoch,estimate,medium,,,,
CHN,share_global_gpu_cluster_performance,2025,,12.9,epoch,estimate,medium,,,,
USA,share_global_gpu_cluster_performance,2025,,73.3,epoch,estimate,medium,,,,
"""
)
COMPANIES = (
    OBS
    + """
KOR,newly_funded_ai_companies,2024,,52,index,actual,high,,,
USA,newly_funded_ai_companies,2024,,1073,index,actual,high,,,
CHN,newly_funded_ai_companies,2024,,98,index,actual,high,,,
KOR,ai_companies_total,2024,,2517,gov,actual,high,,,
CHN,ai_companies_total,2025,,4300,art,actual,low,,,
"""
)
RANKINGS = (
    OBS
    + """,edition,out_of,category
KOR,tortoise_rank,2024,,6,rank,actual,medium,,,,2024,83,
KOR,tortoise_rank,2023,,6,rank,actual,medium,,,,2023,62,
CHN,tortoise_rank,2024,,2,rank,actual,medium,,,,2024,83,
USA,tortoise_rank,2024,,1,rank,actual,medium,,,,2024,83,
KOR,tortoise_operating_environment_rank,2024,,35,art,actual,low,kor_35th,,,2024,83,
"""
)
INVESTMENT = (
    OBS
    + """,currency
USA,private_ai_investment,2024,,109.08,index,actual,high,,,,USD
KOR,private_ai_investment,2024,,1.33,index,actual,high,,,,USD
CHN,private_ai_investment,2024,,9.29,index,actual,high,,,,USD
KOR,national_ai_plan,2030,2025,100000,art,pledged,medium,,,,KRW
USA,private_ai_infrastructure_pledge,2029,2025,500,press,pledged,medium,,,,USD
"""
)
CONTEXT = (
    OBS
    + """,currency
KOR,population,2024,,51.7,fx,actual,high,,,,
KOR,gdp,2024,,1870,fx,actual,high,,,,USD
KOR,fx_per_usd,2025,,1363.5,fx,actual,high,,,,KRW
"""
)
FILES = {
    "entities.csv": ENTITIES,
    "metrics.csv": METRICS,
    "sources.csv": SOURCES,
    "claims.csv": CLAIMS,
    "compute.csv": COMPUTE,
    "companies.csv": COMPANIES,
    "rankings.csv": RANKINGS,
    "investment.csv": INVESTMENT,
    "context.csv": CONTEXT,
}


def make_data(folder: Path) -> Path:
    """A small, valid data folder: inline CSV and the repository's datapackage.json."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEFAULT_DATA_DIR / "datapackage.json", folder / "datapackage.json")
    shutil.copy(DEFAULT_DATA_DIR / "assumptions.csv", folder / "assumptions.csv")
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    # The what-if slides need the scenario assumptions and the sources they cite.
    with open(folder / "assumptions.csv", encoding="utf-8", newline="") as fh:
        cited = sorted({r["source_id"] for r in csv.DictReader(fh)} - {""})
    with open(folder / "sources.csv", "a", encoding="utf-8") as fh:
        fh.writelines(
            f"{s},Cost study,Research Desk,2025,https://example.org/{s},research,2026-01-10,\n"
            for s in cited
        )
    return folder


def registered_slides(story) -> list:
    return [s for s in story.slides if s.chart in figures.CHARTS]


def png_size(blob: bytes) -> tuple[int, int]:
    assert blob[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", blob[16:24])


def needs(tool_ok: bool, what: str) -> None:
    if not tool_ok:
        if IN_CI:
            pytest.fail(f"{what} is missing in CI (make sysdeps installs it)")
        pytest.skip(f"{what} is not installed here")


# -- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return make_data(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def data(data_dir):
    loaded = load(data_dir)
    assert not [p for p in loaded.problems if p.severity == "error"], loaded.problems
    return loaded


@pytest.fixture(scope="module")
def story(data):
    return load_story(
        DEFAULT_STORY,
        known_charts=export.known_charts(),
        entities=list(data.entities["id"]),
        metrics=list(data.metrics["metric"]),
    )


@pytest.fixture(scope="module")
def decks(data, story):
    """Both decks, with the browser launches and warnings of each build."""
    needs(images.chromium_available(), "Chromium")
    out = {}
    original = images.launch_browser
    for lang in ("ko", "en"):
        launches, reports = [], []

        def counting(*args, _launches=launches, **kwargs):
            _launches.append(args)
            return original(*args, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(images, "launch_browser", counting)
            blob = export.build_deck(
                data, story, lang, params.ViewState(lang=lang), report=reports.append
            )
        out[lang] = {
            "bytes": blob,
            "launches": launches,
            "reports": reports,
            "deck": Presentation(io.BytesIO(blob)),
        }
    return out


# -- the deck ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_slide_count_is_story_slides_with_charts_plus_closing(decks, story, lang) -> None:
    deck = decks[lang]["deck"]
    assert len(deck.slides) == len(registered_slides(story)) + 1
    assert deck.slide_width * 9 == deck.slide_height * 16  # 16:9


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_story_slide_has_title_picture_takeaway_and_footnote(decks, story, lang) -> None:
    deck = decks[lang]["deck"]
    prefix = "출처:" if lang == "ko" else "Source:"
    for slide, planned in zip(deck.slides, registered_slides(story), strict=False):
        assert slide.shapes.title.text_frame.text == planned.title(lang)
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, planned.id
        width, height = png_size(pictures[0].image.blob)
        assert width >= 1920, (planned.id, width)
        assert abs(width / height - pictures[0].width / pictures[0].height) < 0.01
        texts = {s.name: s.text_frame.text for s in slide.shapes if s.has_text_frame}
        assert texts["Takeaway"] == planned.takeaway(lang)
        foot = texts["Source footnote"]
        assert foot.startswith(prefix), foot
        assert "(20" in foot  # a publication date in brackets


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_notes_carry_the_full_source_list_with_urls(decks, story, lang) -> None:
    deck = decks[lang]["deck"]
    for slide, planned in zip(deck.slides, registered_slides(story), strict=False):
        notes = slide.notes_slide.notes_text_frame.text
        assert planned.takeaway(lang) in notes
        urls = [line for line in notes.splitlines() if "https://example.org/" in line]
        assert urls, f"no source URL in the notes of {planned.id}"
    closing_notes = deck.slides[-1].notes_slide.notes_text_frame.text
    for url in ("gov-gpu", "ai-index", "tortoise", "cluster", "article"):
        assert f"https://example.org/{url}" in closing_notes


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_closing_slide_lists_every_source_used(decks, lang) -> None:
    deck = decks[lang]["deck"]
    closing = deck.slides[-1]
    assert closing.shapes.title.text_frame.text == ("출처" if lang == "ko" else "Sources")
    text = "\n".join(s.text_frame.text for s in closing.shapes if s.has_text_frame)
    for publisher in (
        "Ministry Daily",
        "Stanford HAI",
        "Tortoise Media",
        "Tech Press",
        "Article Weekly",
    ):
        assert publisher in text
    links = [
        r.hyperlink.address
        for s in closing.shapes
        if s.has_text_frame
        for p in s.text_frame.paragraphs
        for r in p.runs
        if r.hyperlink.address
    ]
    assert "https://example.org/tortoise" in links


def test_korean_deck_is_korean_and_english_deck_english(decks, story) -> None:
    ko = decks["ko"]["deck"].slides[0].shapes.title.text_frame.text
    en = decks["en"]["deck"].slides[0].shapes.title.text_frame.text
    assert any("\uac00" <= c <= "\ud7a3" for c in ko)
    assert not any("\uac00" <= c <= "\ud7a3" for c in en)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_all_images_of_a_deck_come_from_one_browser(decks, story, lang) -> None:
    assert len(registered_slides(story)) >= 3
    assert len(decks[lang]["launches"]) == 1


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_unregistered_what_if_slides_are_skipped_with_a_warning(decks, story, lang) -> None:
    pending = [s for s in story.slides if s.chart not in figures.CHARTS]
    reports = "\n".join(decks[lang]["reports"])
    for slide in pending:
        assert slide.chart in reports and slide.id in reports


def test_deck_opens_in_libreoffice_and_renders_to_png(decks, tmp_path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    needs(soffice is not None, "LibreOffice (libreoffice-impress)")
    needs(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    deck = tmp_path / "deck-ko.pptx"
    deck.write_bytes(decks["ko"]["bytes"])
    profile = (tmp_path / "lo-profile").as_uri()  # own profile: parallel runs do not clash
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(deck),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "deck-ko.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    info = subprocess.run(
        ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    pages_line = re.search(r"^Pages:\s+(\d+)\s*$", info, re.M)
    assert pages_line and int(pages_line.group(1)) == len(decks["ko"]["deck"].slides)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-scale-to",
            "1920",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages, "pdftoppm wrote no page"
    assert png_size(pages[0].read_bytes()) == (1920, 1080)  # a 16:9 page


# -- views and pictures -------------------------------------------------------------------


def test_slide_settings_win_over_the_view_state_then_defaults(data, story) -> None:
    by_id = {s.id: s for s in story.slides}
    state = params.ViewState(countries=("USA",), scale="linear", focus="CHN")
    own = export.slide_view(by_id["korea-gpu-plans"], data, "en", state)
    assert own.countries == ("KOR",) and own.scale == "log"
    inherited = export.slide_view(by_id["why-ranks-differ"], data, "en", state)
    assert inherited.countries == ("USA",) and inherited.focus == "KOR"
    default = export.slide_view(by_id["why-ranks-differ"], data, "en", params.ViewState())
    assert default.countries == tuple(data.default_countries())
    assert own.style.font_size >= 22  # slide type stays >= 20 px on a full-HD slide


def test_presentable_wraps_bar_labels_without_changing_values() -> None:
    fig = go.Figure(
        go.Bar(
            x=["South Korea · 2024.0–2030 · Stanford HAI", "China · 2025 · X"],
            y=[3, 5],
            text=["3", "5"],
        )
    )
    fig.update_xaxes(categoryarray=["China · 2025 · X", "South Korea · 2024.0–2030 · Stanford HAI"])
    fig.add_bar(x=[None], y=[None], name="legend only")
    out = export.presentable(fig, Style(font_size=24), width=1920)
    assert list(out.data[0].y) == [3, 5]
    assert list(out.data[1].x) == [None]  # legend-only entries stay off the axis
    assert out.data[0].x[0] == "South Korea<br>2024–2030<br>Stanford HAI"
    assert list(out.layout.xaxis.categoryarray)[1] == out.data[0].x[0]
    assert out.layout.xaxis.tickangle == 0 and out.layout.barmode == "overlay"
    assert out.layout.uniformtext.minsize >= 20
    assert fig.data[0].x[0].startswith("South Korea · ")  # the original is untouched


# -- the command line -----------------------------------------------------------------


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.export", *args],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_cli_writes_the_deck_and_nothing_else(data_dir, tmp_path) -> None:
    needs(images.chromium_available(), "Chromium")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run_cli(
        "--lang",
        "en",
        "--out",
        str(out_dir / "deck.pptx"),
        "--data",
        str(data_dir),
        "--query",
        "lang=en&countries=KOR,USA&scale=linear",
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == ["deck.pptx"]
    assert "Traceback" not in result.stderr
    deck = Presentation(str(out_dir / "deck.pptx"))
    story = load_story(DEFAULT_STORY, known_charts=export.known_charts())
    assert len(deck.slides) == len(registered_slides(story)) + 1


@pytest.mark.parametrize("target", ["folder", "missing/deck.pptx", "deck.txt"])
def test_cli_refuses_a_bad_target_and_writes_nothing(data_dir, tmp_path, target) -> None:
    (tmp_path / "folder").mkdir()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = run_cli("--lang", "ko", "--out", str(tmp_path / target), "--data", str(data_dir))
    assert result.returncode == 2
    assert result.stderr.strip() and "Traceback" not in result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_cli_usage_errors_exit_2(data_dir, tmp_path, capsys) -> None:
    out = str(tmp_path / "d.pptx")
    with pytest.raises(SystemExit) as missing_lang:
        export.main(["--out", out])
    assert missing_lang.value.code == 2
    assert (
        export.main(
            [
                "--lang",
                "en",
                "--out",
                out,
                "--data",
                str(data_dir),
                "--query",
                "countries=KOR,ATLANTIS",
            ]
        )
        == 2
    )
    assert "countries" in capsys.readouterr().err
    assert (
        export.main(
            ["--lang", "en", "--out", out, "--data", str(data_dir), "--query", "colour=red"]
        )
        == 2
    )
    assert not (tmp_path / "d.pptx").exists()


def test_cli_bad_story_or_data_exit_1_with_located_messages(data_dir, tmp_path, capsys) -> None:
    bad_story = tmp_path / "story.yaml"
    bad_story.write_text("slides:\n  - id: a\n    chart: gpu_gapp\n", encoding="utf-8")
    out = str(tmp_path / "d.pptx")
    assert (
        export.main(
            ["--lang", "en", "--out", out, "--data", str(data_dir), "--story", str(bad_story)]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "story.yaml:3: slide 1 (a): chart:" in err and "gpu_gapp" in err
    broken = make_data(tmp_path / "broken")
    (broken / "compute.csv").write_text(
        COMPUTE + "KOR,gpus_held,2024,,lots,gov,actual,high,,,,\n", encoding="utf-8"
    )
    assert export.main(["--lang", "en", "--out", out, "--data", str(broken)]) == 1
    assert "compute.csv" in capsys.readouterr().err
    assert not (tmp_path / "d.pptx").exists()


def test_cli_without_chromium_exits_3_and_says_so(data_dir, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-browser"))
    assert (
        export.main(["--lang", "en", "--out", str(tmp_path / "d.pptx"), "--data", str(data_dir)])
        == 3
    )
    assert "BROWSER_PATH" in capsys.readouterr().err
    assert not (tmp_path / "d.pptx").exists()


# -- writing ---------------------------------------------------------------------------


def test_write_atomic_replaces_the_target_and_leaves_no_temp_file(tmp_path) -> None:
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"old")
    assert export.write_atomic(b"new", target) == target.resolve()
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_write_atomic_keeps_the_old_file_when_the_rename_fails(tmp_path, monkeypatch) -> None:
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"old")

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        export.write_atomic(b"new", target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_target_path_is_resolved_and_refuses_folders(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    assert export.target_path("sub/../deck.pptx") == tmp_path.resolve() / "deck.pptx"
    with pytest.raises(export.UsageError):
        export.target_path("sub")
    with pytest.raises(export.UsageError):
        export.target_path(tmp_path / "sub.pptx" / "x.pptx")
