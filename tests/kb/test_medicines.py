"""`medicine_names`: a generic medicine to the names clients write for it, from the drug dictionary."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from massage_match.kb.medicines import MIN_LENGTH, NOT_MEDICINE_NAMES, _client_names, medicine_names

from ..conftest import ROOT

GENERICS = (
    "enoxaparin", "tirzepatide", "codeine", "co-codamol", "ramipril", "denosumab", "warfarin", "carisoprodol",
    "nabumetone", "hydromorphone", "hydrocortisone", "diclofenac", "ibuprofen", "alendronic acid",
    "mycophenolate mofetil", "pethidine", "paracetamol", "budesonide", "estradiol", "insulin glargine",
    "semaglutide", "meloxicam",
)  # fmt: skip


@pytest.fixture(scope="module")
def names() -> dict[str, tuple[str, ...]]:
    return medicine_names(GENERICS)  # the dictionary is in the test extra: it must be there


def test_brand_names_are_found(names: dict[str, tuple[str, ...]]) -> None:
    assert {"clexane", "lovenox"} <= set(names["enoxaparin"])
    assert {"mounjaro", "zepbound"} <= set(names["tirzepatide"])
    assert {"tritace", "altace"} <= set(names["ramipril"])
    assert {"xgeva", "prolia"} <= set(names["denosumab"])
    assert {"ozempic", "wegovy", "rybelsus"} <= set(names["semaglutide"])
    assert {"advil", "nurofen", "motrin", "brufen"} <= set(names["ibuprofen"])
    assert {"voltaren", "voltarol"} <= set(names["diclofenac"])
    assert {"lantus", "toujeo"} <= set(names["insulin glargine"])
    assert "coumadin" in names["warfarin"]


def test_the_generic_is_always_among_its_names(names: dict[str, tuple[str, ...]]) -> None:
    assert set(names) == set(GENERICS)
    for generic, found in names.items():
        assert generic in found
    assert names["co-codamol"] == ("co-codamol",)  # known to the dictionary, but without brands


def test_a_generic_the_dictionary_does_not_know_maps_to_itself() -> None:
    pytest.importorskip("drug_named_entity_recognition")
    assert medicine_names(["notamedicinazole"]) == {"notamedicinazole": ("notamedicinazole",)}
    assert medicine_names([]) == {}


def test_generics_are_read_in_any_case_and_spacing() -> None:
    pytest.importorskip("drug_named_entity_recognition")
    found = medicine_names(["  Enoxaparin ", "ZOLEDRONIC   acid"])
    assert set(found) == {"enoxaparin", "zoledronic acid"}
    assert "clexane" in found["enoxaparin"]
    assert "zometa" in found["zoledronic acid"]


def test_names_are_lower_case_plain_sorted_and_unique(names: dict[str, tuple[str, ...]]) -> None:
    for generic, found in names.items():
        assert list(found) == sorted(set(found))
        for name in found:
            if name == generic:
                continue
            assert re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", name), name
            assert len(name) >= MIN_LENGTH, name
            assert name not in NOT_MEDICINE_NAMES, name


def test_junk_is_filtered(names: dict[str, tuple[str, ...]]) -> None:
    # the dictionary gives each of these; a client never means the medicine by them
    assert "rela" not in names["carisoprodol"]  # a fragment, and four letters
    assert not {"relif", "relifex"} & set(names["nabumetone"])  # one typo from "relief"
    assert "available generically" not in names["hydromorphone"]
    assert "neosporin" not in names["hydrocortisone"]  # an antibiotic ointment, misfiled
    assert not {"sr-38", "sr 38", "sr38"} & set(names["diclofenac"])  # a code
    assert not {n for n in names["codeine"] if "methylmorphine" in n and n != "methylmorphine"}  # n-, l-, o3-
    assert not {"ibuprofenum", "ibuprofeno", "ibuprofene"} & set(names["ibuprofen"])  # Latin and foreign
    # salt forms and MeSH inversions add nothing once the generic is there
    assert not {"warfarin sodium", "sodium, warfarin", "apo-warfarin"} & set(names["warfarin"])


def test_one_medicine_filed_under_several_entries_is_gathered(names: dict[str, tuple[str, ...]]) -> None:
    assert {"fosamax", "alendronate"} <= set(names["alendronic acid"])  # INN acid, USAN salt
    assert "cellcept" in names["mycophenolate mofetil"]
    assert "meperidine" in names["pethidine"]  # INN and USAN
    assert {"acetaminophen", "tylenol", "panadol", "calpol"} <= set(names["paracetamol"])
    # brands of combinations that contain the medicine
    assert "symbicort" in names["budesonide"]
    assert "excedrin" in names["paracetamol"]
    assert {"advil", "advil dual action"} & set(names["paracetamol"]) == {"advil dual action"}


def test_a_combination_merged_with_an_ingredient_lends_none_of_its_names(names: dict[str, tuple[str, ...]]) -> None:
    # The dictionary gives "elagolix, estradiol, and norethindrone" norethisterone's DrugBank record:
    # a progestogen must not become an oestrogen.
    assert not {n for n in names["estradiol"] if "norethister" in n}
    assert {"progynova", "femoston"} <= set(names["estradiol"])


def test_the_filter_on_its_own() -> None:
    found = _client_names(
        "carisoprodol",
        {
            "carisoprodol", "rela", "soprodol", "carisoprodolum", "carisoprodol 350", "carisoprodol tablets",
            "n-isopropylmeprobamate", "isopropyl meprobamate", "and soma", "relif", "mio  relax", "carisoprodate",
        },
        bases={"carisoprodol"},
    )  # fmt: skip
    assert found == ("carisoprodate", "carisoprodol", "isopropyl meprobamate", "mio relax", "soprodol")


def test_importing_the_module_does_not_load_the_dictionary() -> None:
    code = "import sys, massage_match.kb.medicines; sys.exit('drug_named_entity_recognition' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_shipped_snapshot_is_what_the_dictionary_gives() -> None:
    """kb/medicine_names.json is rewritten by scripts/medicine_names.py; a stale one fails here."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "medicine_names.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
