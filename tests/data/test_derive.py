"""Derivations anyone can rerun (data/derive/): each derivation on a small hand-made
fixture against rows worked out by hand, the shipped rows against a rerun on the pinned
inputs, the sha256 pin, the rewrite of exactly the derived rows, and every derived row's
note naming its script."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import PACKAGE_DIR, REPO_DIR
from data.derive import DERIVATIONS, epoch_chip_owners, epoch_clusters
from data.derive.__main__ import main
from data.derive.common import (
    INPUTS_DIR,
    MANIFEST,
    DeriveError,
    load_manifest,
    number,
    plan_rewrite,
    read_records,
    write_record,
)
from data.derive.run import run

DATA = REPO_DIR / "data"
H = epoch_clusters.H100_16BIT  # one H100e of 16-bit performance
SCRIPT_IN_NOTE = re.compile(r"data/derive/[a-z_]+\.py")

# ---------------------------------------------------------------- GPU clusters fixture

CLUSTER_COLUMNS = list(epoch_clusters.COLUMNS.values())


def cluster(name, country, status, first, h100e, column, standard=True, **extra):
    record = dict.fromkeys(CLUSTER_COLUMNS, "")
    record.update(
        {
            "Name": name,
            "Country": country,
            "Status": status,
            "First Operational Date": first,
            "16-bit OP/s": "" if h100e is None else repr(h100e * H),
            "H100 equivalents": str(column),
            "Include in Standard Analysis": "True" if standard else "",
        }
    )
    record.update(extra)
    return record


USA, CHN, KOR, FRA = (
    "United States of America",
    "China",
    "Korea (Republic of)",
    "France",
)
CLUSTERS = pd.DataFrame(
    [
        cluster("US-A", USA, "Existing", "2023-01-01", 100, 100),
        # An upgrade: B1 until B2 is operational (1 Jun 2025), then B2 alone.
        cluster("US-B1", USA, "Existing", "2024-01-01", 200, 200, **{"Superseded by": "US-B2"}),
        cluster("US-B2", USA, "Existing", "2025-06-01", 500, 500),
        # No 8-bit figure: Epoch's column counts it at half.
        cluster("CN-A", CHN, "Existing", "2024-06-01", 100, 50),
        # Outside Epoch's standard analysis: only in the "all records" readings.
        cluster("CN-X", CHN, "Existing", "2024-06-01", 300, 150, standard=False),
        cluster("KR-A", KOR, "Existing", "2024-12-01", 100, 100),
        cluster("FR-A", FRA, "Existing", "2024-02-01", 100, 100),
        # Decommissioned 1 Mar 2024 and unflagged, as Epoch leaves such records: counts
        # while it operated.
        cluster(
            "US-old",
            USA,
            "Decommissioned",
            "2020-01-01",
            50,
            50,
            standard=False,
            **{"Decommissioned Date (if applicable)": "2024-03"},
        ),
        cluster("US-pre2019", USA, "Existing", "2018-06-01", 1000, 1000),
        cluster("US-planned", USA, "Planned", "2025-01-01", 1000, 1000),
        cluster("US-no16bit", USA, "Existing", "2024-01-01", None, 999),
        cluster("no-country", "", "Existing", "2024-01-01", 100, 100),
    ]
)
ENTITIES = ["KOR", "CHN", "FRA", "USA", "GBR", "EUU", "WLD"]


@pytest.fixture(scope="module")
def fixture_rows():
    rows = epoch_clusters.derive(
        CLUSTERS,
        ENTITIES,
        growth_years=(2024, 2025),
        epoch_published={"USA": 75.0},
    )
    return {f"{r['entity']}/{r['metric']}/{r['year']}": r for r in rows}


def test_cluster_shares_totals_and_growth_match_the_hand_computation(fixture_rows) -> None:
    # 15 Oct 2025: US-A 100 + US-B2 500, CN-A 100, KR-A 100, FR-A 100 = 900 H100e.
    values = {key: row["value"] for key, row in fixture_rows.items()}
    assert values == {
        "KOR/share_global_gpu_cluster_performance/2025": "11.1",
        "CHN/share_global_gpu_cluster_performance/2025": "11.1",
        "FRA/share_global_gpu_cluster_performance/2025": "11.1",
        "USA/share_global_gpu_cluster_performance/2025": "66.7",
        "EUU/share_global_gpu_cluster_performance/2025": "11.1",
        "KOR/tracked_cluster_h100e/2025": "100",
        "CHN/tracked_cluster_h100e/2025": "100",
        "FRA/tracked_cluster_h100e/2025": "100",
        "USA/tracked_cluster_h100e/2025": "600",
        "EUU/tracked_cluster_h100e/2025": "100",
        "WLD/tracked_cluster_h100e/2025": "900",
        # 15 Oct 2023: US-A 100 + US-old 50. 15 Oct 2024: US-A, US-B1, CN-A, FR-A = 500.
        "WLD/tracked_cluster_growth/2024": "3.33",
        "WLD/tracked_cluster_growth/2025": "1.8",
        "USA/tracked_cluster_growth/2024": "2",
        "USA/tracked_cluster_growth/2025": "2",
        "CHN/tracked_cluster_growth/2025": "1",
        "FRA/tracked_cluster_growth/2025": "1",
        "EUU/tracked_cluster_growth/2025": "1",
    }  # no GBR (no cluster), no KOR growth (none on 15 Oct 2024), no CHN 2024 (none in 2023)


def test_cluster_notes_carry_counts_range_comparison_and_script(fixture_rows) -> None:
    usa = fixture_rows["USA/share_global_gpu_cluster_performance/2025"]
    assert "2 of 5 clusters" in usa["note"]
    # Standard+kept 800/1100, all+dropped 600/1200, all+kept 800/1400.
    assert "give 50.0 to 72.7%" in usa["note"] and "50.0~72.7%" in usa["note_ko"]
    # Epoch's column: 600 of 850.
    assert "would give 70.6%" in usa["note"]
    # 31 May 2025: B2 not yet operational, so B1 counts: 300 of 600.
    assert "the same method gives 50.0% (31 May 2025), 25.0 points below" in usa["note"]
    kor = fixture_rows["KOR/share_global_gpu_cluster_performance/2025"]
    assert "would give" not in kor["note"]  # 100 of 850 = 11.8, within a point of 11.1
    assert "31 May 2025" not in kor["note"]  # Epoch published no Korean figure
    world = fixture_rows["WLD/tracked_cluster_growth/2024"]
    assert "150 to 500 H100-equivalents (2 to 4 clusters)" in world["note"]
    assert "Fewer than 5 clusters" in world["note"] and "5개 미만" in world["note_ko"]
    assert world["period_start"] == "2023"
    assert "Fewer than 5" in fixture_rows["WLD/tracked_cluster_growth/2025"]["note"]  # 4 to 5
    china = fixture_rows["CHN/tracked_cluster_h100e/2025"]
    assert "column gives 50:" in china["note"]
    assert (
        china["supersedes"] == "CHN/tracked_cluster_h100e/2025/epoch_gpu_clusters_dataset_2025_10"
    )
    for row in fixture_rows.values():
        assert epoch_clusters.SCRIPT in row["note"] and epoch_clusters.SCRIPT in row["note_ko"]
        assert row["source_id"] == epoch_clusters.SOURCES[row["metric"]]
        assert row["edition"] == "2025-10" and row["status"] == "estimate"


def test_the_clusters_input_is_refused_when_it_cannot_be_read_safely() -> None:
    unknown = CLUSTERS.copy()
    unknown.loc[0, "Country"] = "Atlantis"
    with pytest.raises(DeriveError, match="Atlantis"):
        epoch_clusters.derive(unknown, ENTITIES)
    dangling = CLUSTERS.copy()
    dangling.loc[0, "Superseded by"] = "nowhere"
    with pytest.raises(DeriveError, match="nowhere"):
        epoch_clusters.derive(dangling, ENTITIES)
    garbled = CLUSTERS.copy()
    garbled.loc[0, "16-bit OP/s"] = "lots"
    with pytest.raises(DeriveError, match="'lots' is not a number"):
        epoch_clusters.derive(garbled, ENTITIES)
    with pytest.raises(DeriveError, match="lacks the columns"):
        epoch_clusters.derive(CLUSTERS.drop(columns=["Superseded by"]), ENTITIES)


# ---------------------------------------------------------------- chip owners fixture


def owners_row(owner, end, h100e, incomplete=""):
    return {
        "Owner": owner,
        "Chip manufacturer": "Nvidia",
        "End date": end,
        "Compute estimate in H100e (median)": str(h100e),
        "Incomplete": incomplete,
    }


OWNERS = pd.DataFrame(
    [
        owners_row("Google", "2025-09-30", 1),
        owners_row("Google", "2025-12-31", 300),
        owners_row("Google", "2025-12-31", 200),  # a second designer, summed
        owners_row("Microsoft", "2025-12-31", 300),
        owners_row("Other", "2025-12-31", 100),
        owners_row("China", "2025-12-31", 80),
        owners_row("China (smuggled)", "2025-12-31", 20),
        owners_row("Google", "2026-03-31", 900, incomplete="True"),
    ]
)


def test_chip_owner_shares_match_the_hand_computation() -> None:
    rows = {r["entity"]: r for r in epoch_chip_owners.derive(OWNERS, ENTITIES)}
    # World without smuggled chips: 500 + 300 + 100 + 80 = 980.
    assert {e: r["value"] for e, r in rows.items()} == {"CHN": "8.2", "USA": "81.6"}
    # With them: China 100 of 1,000, the US 800 of 1,000; 'Other' 100 of 980.
    assert "smuggled chips counted for China and in the total: 10.0%" in rows["CHN"]["note"]
    assert "gives 80.0%" in rows["USA"]["note"] and "'Other' (10.2%)" in rows["USA"]["note"]
    for row in rows.values():
        assert row["year"] == "2025" and row["source_id"] == epoch_chip_owners.SOURCE
        assert (
            epoch_chip_owners.SCRIPT in row["note"] and epoch_chip_owners.SCRIPT in row["note_ko"]
        )


def test_chip_owners_refuse_an_incomplete_quarter_and_an_unknown_owner() -> None:
    with pytest.raises(DeriveError, match="incomplete"):
        epoch_chip_owners.derive(OWNERS, ENTITIES, as_of="2026-03-31")
    stranger = pd.concat([OWNERS, pd.DataFrame([owners_row("Stranger", "2025-12-31", 5)])])
    with pytest.raises(DeriveError, match="Stranger"):
        epoch_chip_owners.derive(stranger, ENTITIES)


# ---------------------------------------------------------------- the shipped rows


def pinned_inputs_present() -> bool:
    return all(p.file.is_file() for p in load_manifest().values())


@pytest.mark.skipif(
    not pinned_inputs_present(), reason="a pinned input is not in data/derive/inputs"
)
def test_the_shipped_rows_are_exactly_what_the_derivations_produce() -> None:
    outcome = run(DATA, write=False)
    assert not outcome.skipped
    for target, rewrite in outcome.rewrites.items():
        assert (rewrite.changed, rewrite.added) == ([], []), target
        assert rewrite.text == target.read_text(encoding="utf-8")
    assert sum(len(rows) for rows in outcome.produced.values()) == sum(
        r.unchanged for r in outcome.rewrites.values()
    )


@pytest.mark.skipif(
    not pinned_inputs_present(), reason="a pinned input is not in data/derive/inputs"
)
def test_the_shares_reproduce_epochs_published_figure_within_a_point() -> None:
    path = load_manifest()[epoch_clusters.INPUT].file
    clusters = epoch_clusters.prepare(pd.read_csv(path, dtype=str, keep_default_na=False))
    may = epoch_clusters.shares(epoch_clusters.stock(clusters, epoch_clusters.EPOCH_DATE))
    for entity, published in epoch_clusters.EPOCH_PUBLISHED.items():
        assert abs(may[entity] - published) < 1, entity


# ---------------------------------------------------------------- the pin


def copy_manifest_and_inputs(tmp_path: Path) -> tuple[Path, Path]:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    manifest = tmp_path / "manifest.toml"
    shutil.copy(MANIFEST, manifest)
    for pinned in load_manifest().values():
        if pinned.file.is_file():
            shutil.copy(pinned.file, inputs / pinned.file.name)
    return manifest, inputs


def copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("entities.csv", "compute.csv"):
        shutil.copy(DATA / name, data / name)
    return data


def test_a_file_whose_sha256_differs_is_refused_naming_it(tmp_path) -> None:
    manifest, inputs = copy_manifest_and_inputs(tmp_path)
    data = copy_data(tmp_path)
    pinned = load_manifest(manifest, inputs)[epoch_clusters.INPUT]
    pinned.file.write_text("Name,Status\nforged,Existing\n", encoding="utf-8")
    before = (data / "compute.csv").read_bytes()
    with pytest.raises(DeriveError) as refused:
        run(data, manifest=manifest, inputs_dir=inputs)
    message = str(refused.value)
    assert str(pinned.file) in message and pinned.sha256 in message and "sha256" in message
    assert (data / "compute.csv").read_bytes() == before


def test_the_command_line_reports_a_mismatch_without_a_traceback(tmp_path, capsys) -> None:
    manifest, inputs = copy_manifest_and_inputs(tmp_path)
    (inputs / load_manifest()[epoch_chip_owners.INPUT].file.name).write_text("x", encoding="utf-8")
    data = str(copy_data(tmp_path))
    assert main([data, "--manifest", str(manifest), "--inputs", str(inputs)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("derive: ") and "sha256" in err and "Traceback" not in err


def test_a_missing_input_says_where_to_get_it_and_changes_nothing(tmp_path) -> None:
    manifest, inputs = copy_manifest_and_inputs(tmp_path)
    for path in inputs.iterdir():
        path.unlink()
    data = copy_data(tmp_path)
    before = (data / "compute.csv").read_bytes()
    outcome = run(data, manifest=manifest, inputs_dir=inputs)
    assert len(outcome.skipped) == len(DERIVATIONS) and not outcome.rewrites
    for pinned in load_manifest(manifest, inputs).values():
        assert any(pinned.url in s and str(pinned.file) in s for s in outcome.skipped)
    assert (data / "compute.csv").read_bytes() == before


# ---------------------------------------------------------------- the rewrite


HEADER = "entity,metric,year,value,source_id,note,superseded_by,supersedes\n"


def owned(row) -> bool:
    return row["source_id"] == "s" and row["superseded_by"] == ""


def test_the_rewrite_touches_only_owned_rows_and_keeps_the_rest_byte_for_byte(tmp_path) -> None:
    text = (
        HEADER + 'KOR,m,2025,1,other,"kept, with a comma\nand a second line",,\n'
        "USA,m,2025,2,s,old note,,USA/m/2025/by_hand\n"
        "CHN,m,2025,3,old,superseded,CHN/m/2025/s,\n"
        'FRA,m,2025,4,other,"""quoted"" text",,\n'
    )
    produced = [
        {"entity": "USA", "metric": "m", "year": "2025", "value": "2.5", "source_id": "s",
         "note": "new, note", "superseded_by": "", "supersedes": ""},
        {"entity": "CHN", "metric": "m", "year": "2025", "value": "3.5", "source_id": "s",
         "note": "replaces", "superseded_by": "", "supersedes": "CHN/m/2025/old"},
    ]  # fmt: skip
    rewrite = plan_rewrite(tmp_path / "x.csv", text, produced, owned, "test")
    lines = list(read_records(rewrite.text))
    assert [r.raw for r in lines][:2] == [HEADER, list(read_records(text))[1].raw]
    assert lines[2].fields[:4] == ["USA", "m", "2025", "2.5"]
    assert lines[2].fields[-1] == "USA/m/2025/by_hand"  # a link curated by hand is kept
    assert lines[3].raw == "CHN,m,2025,3,old,superseded,CHN/m/2025/s,\n"
    assert lines[4].fields[:4] == ["CHN", "m", "2025", "3.5"]  # right after what it replaces
    assert lines[5].raw == 'FRA,m,2025,4,other,"""quoted"" text",,\n'
    assert rewrite.changed == ["USA/m/2025/s"] and rewrite.added == ["CHN/m/2025/s"]
    again = plan_rewrite(tmp_path / "x.csv", rewrite.text, produced, owned, "test")
    assert again.text == rewrite.text and not again.differs


def test_the_rewrite_refuses_to_drop_or_overwrite_a_figure(tmp_path) -> None:
    text = HEADER + "USA,m,2025,2,s,note,,\nCHN,m,2025,3,s,superseded,CHN/m/2025/x,\n"
    with pytest.raises(DeriveError, match=r"x\.csv:2: USA/m/2025/s .* no longer produces it"):
        plan_rewrite(tmp_path / "x.csv", text, [], owned, "test")
    usa = {"entity": "USA", "metric": "m", "year": "2025", "value": "2", "source_id": "s",
           "note": "note", "superseded_by": "", "supersedes": ""}  # fmt: skip
    collides = {**usa, "entity": "CHN"}
    with pytest.raises(DeriveError, match=r"x\.csv:3: .*refusing to overwrite"):
        plan_rewrite(tmp_path / "x.csv", text, [usa, collides], owned, "test")


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False), st.integers(0, 3))
def test_numbers_are_written_rounded_without_trailing_zeros(value: float, decimals: int) -> None:
    text = number(value, decimals)
    assert float(text) == pytest.approx(float(f"{value:.{decimals}f}"), abs=1e-9)
    assert "," not in text and "e" not in text
    assert not ("." in text and (text.endswith("0") or text.endswith(".")))


@given(st.lists(st.text(alphabet='ab,"\n 한', max_size=6), min_size=1, max_size=5))
def test_a_written_record_reads_back_as_itself(fields: list[str]) -> None:
    assert [r.fields for r in read_records(write_record(fields))] == [fields]


# ---------------------------------------------------------------- provenance in the data


def derived_pairs() -> dict[tuple[str, str], str]:
    return {pair: module.SCRIPT for module in DERIVATIONS for pair in module.derived_pairs()}


def observation_rows():
    for path in sorted(DATA.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if {"metric", "source_id", "note"} <= set(frame.columns):
            for line, row in zip(range(2, len(frame) + 2), frame.itertuples(), strict=True):
                yield path.name, line, row


def test_every_derived_row_names_an_existing_script() -> None:
    pairs = derived_pairs()
    found = 0
    for file, line, row in observation_rows():
        script = pairs.get((row.metric, row.source_id))
        if script is None:
            continue
        found += 1
        assert script in row.note and script in row.note_ko, f"{file}:{line}"
    assert found >= 79  # 15 shares, 16 totals and their 16 predecessors, 46 growth, 2 owners
    for module in DERIVATIONS:
        assert (REPO_DIR / module.SCRIPT).is_file(), module.SCRIPT


def test_every_script_a_note_names_exists() -> None:
    for file, line, row in observation_rows():
        for script in SCRIPT_IN_NOTE.findall(f"{row.note} {row.note_ko}"):
            assert (REPO_DIR / script).is_file(), f"{file}:{line}: {script}"


def test_every_pinned_input_is_a_raw_file_at_a_full_commit() -> None:
    for pinned in load_manifest().values():
        assert re.fullmatch(
            r"https://raw\.githubusercontent\.com/[^/]+/[^/]+/[0-9a-f]{40}/.+", pinned.url
        ), pinned.id
        assert re.fullmatch(r"[0-9a-f]{64}", pinned.sha256), pinned.id
        assert pinned.file.parent == INPUTS_DIR
        assert "CC BY" in pinned.licence


def test_nothing_in_the_dashboard_imports_the_derivations() -> None:
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n == "data" or n.startswith("data.") for n in names), path
