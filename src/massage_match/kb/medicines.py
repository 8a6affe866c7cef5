"""The names a client may write for a medicine: its generic name, brand names and common synonyms.

They come from the drug-named-entity-recognition dictionary (MIT; DrugBank open vocabulary, MeSH,
MedlinePlus and NHS names), read when the knowledge base is built and never per call: importing it
takes about 1.5 s and 350 MB, as it unpickles 107,000 names and builds a fuzzy-match index at import.
"""

from __future__ import annotations

import importlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Every four-letter name the dictionary gives the knowledge base's medicines is a code or a fragment
# ("sone", "zide", "rela", "vals", "apap", "cddp"), and short names are the ones ordinary words reach
# with one typo: the knowledge base's spelling repair would turn such words into a medicine.
MIN_LENGTH = 5

# Letters only, words joined by a space or a hyphen. This removes codes ("sr-38", "d2e7 antibody"),
# chemical names ("2-acetoxybenzoic acid", "17α-ethynylestradiol"), MeSH's inverted forms
# ("sodium, warfarin"), markup scraped into the data ("title=dapril") and accented foreign spellings,
# which fold to a name that is already there.
_PLAIN = re.compile(r"[a-z]+(?:[ -][a-z]+)*")
# Words as the knowledge base's normaliser splits them (massage_match.normalize).
_WORD = re.compile(r"[a-z0-9]+")
# "ethinylestradiol/levonorgestrel", "acetaminophen and codeine", "pertuzumab, trastuzumab, and ...".
_COMBINATION = re.compile(r"\s*(?:/|,?\s+and\s+|,\s*)\s*")
# "insulin glargine (rdna origin)", "risankizumab-rzaa": the dictionary files one medicine under several
# entries, told apart by a qualifier or by the four-letter suffix the FDA gives biosimilars.
_QUALIFIED = re.compile(r"(?P<base>.+?)(?: \([^)]*\)|-[a-z]{4})")
# A second word that names a salt or a form of the same medicine ("enoxaparin sodium", "fentanyl
# patch"), so that entry's brand names are that medicine's too.
FORM_WORDS = frozenset({
    "acetate", "acetonide", "besylate", "bitartrate", "calcium", "cilexetil", "citrate", "dipropionate",
    "fumarate", "furoate", "hydrochloride", "implant", "inhalers", "injections", "maleate", "medoxomil",
    "mesylate", "mofetil", "patch", "pegol", "phosphate", "potassium", "propionate", "sodium",
    "succinate", "sulfate", "tartrate", "tromethamine", "valerate",
})  # fmt: skip
_JOINING_WORDS = frozenset({"and", "for", "of", "or", "the", "with"})
# The INN names the acid, the USAN (and so the dictionary's US entry with the US brands) the salt:
# "alendronic acid" is "alendronate", where Fosamax is filed.
_ACID = re.compile(r"(?P<stem>[a-z]+)ic acid")

# Names the dictionary gives a medicine that a client would write meaning something else, or never as
# a medicine. Found by reading every name it returns for the knowledge base's medicines and comparing
# each with an English word list (not shipped: the list below is the result).
NOT_MEDICINE_NAMES = frozenset(
    {
        # phrases, a word and a company the data files as names
        "available generically",  # hydromorphone
        "capsules and granules",  # budesonide
        "ears and nose",  # betamethasone
        "cambia",  # diclofenac; an English word (plural of cambium) and Spanish for "changes"
        "genpharm",  # baclofen: a manufacturer
        # filed under the wrong medicine: Neosporin is an antibiotic ointment, not hydrocortisone
        "neosporin",
        # One typo away from an ordinary word and too obscure for a client to mean: the knowledge base
        # repairs misspellings towards its terms, so "relief" spelt "relif" would become nabumetone.
        # Well-known brands in the same position stay (aleve/alive, coreg/core, ultram/ultra).
        "actron", "acular", "alora", "amadol", "amuno", "arcet", "aspart", "buffex", "carac",
        "carasel", "cardil", "clofen", "covera", "ditate", "dolin", "dolmar", "faustan", "fensel",
        "fusid", "genox", "glyade", "klimax", "lastet", "lidol", "lipocomb", "lodine", "logest",
        "lydol", "mabura", "marol", "mefic", "minesse", "minulet", "miten", "nisis", "obsidan",
        "osmosin", "panasol", "pandel", "pluryl", "politor", "ponmel", "pradax", "prefin", "presomen",
        "pritor", "pritorplus", "progen", "progens", "provas", "proxen", "querto", "rawel", "rayos",
        "relif", "relifex", "repan", "rubex", "rufen", "sortis", "tareg", "tencet", "tiral", "vasten",
        "volon", "warfant",
    }
)  # fmt: skip


def medicine_names(generics: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each generic name (INN, any case), the names a client may write for it: the generic
    itself, brand names and common synonyms, lower-cased, deduplicated and sorted.

    A generic the dictionary does not know maps to itself alone. The dictionary is imported here, not
    at module level, so that a command that never builds the knowledge base never pays for it.
    """
    # import_module keeps the untyped package out of the type checker's view (its names are Any)
    finder = importlib.import_module("drug_named_entity_recognition.drugs_finder")
    variants: Mapping[str, Sequence[str]] = finder.drug_variant_to_canonical
    entries: Mapping[str, Mapping[str, Any]] = finder.drug_canonical_to_data
    related = _related_entries(entries)
    names: dict[str, tuple[str, ...]] = {}
    for raw in generics:
        generic = " ".join(raw.lower().split())
        roots = _entries_for(generic, variants, entries)
        found = {generic}
        for root in roots:
            found.update(_synonyms(root, entries))
        # Forms and combinations are found through any of the medicine's names: the NHS files
        # "ibuprofen/paracetamol", not "ibuprofen/acetaminophen".
        for entry in {e for name in found | set(roots) for e in related.get(name, ())} - set(roots):
            found.update(_synonyms(entry, entries))
        names[generic] = _client_names(generic, found, bases={generic, *roots})
    return names


def _entries_for(generic: str, variants: Mapping[str, Sequence[str]], entries: Mapping[str, Any]) -> list[str]:
    """The dictionary entries that are this medicine itself (not its forms or combinations)."""
    roots = list(variants.get(generic, ()))
    if generic in entries and generic not in roots:  # "estradiol" is an entry no name points to
        roots.append(generic)
    also = []
    acid = _ACID.fullmatch(generic)
    if acid:
        also.append(acid["stem"] + "ate")
    words = generic.split(" ")
    if len(words) == 2 and words[1] in FORM_WORDS:  # "mycophenolate mofetil": CellCept is "mycophenolate"
        also.append(words[0])
    for name in also:
        roots.extend(c for c in variants.get(name, ()) if c not in roots)
    return roots


def _synonyms(entry: str, entries: Mapping[str, Mapping[str, Any]]) -> set[str]:
    data = entries.get(entry, {})
    return {entry, *(str(s).lower() for s in data.get("synonyms", ()))}


def _related_entries(entries: Mapping[str, Mapping[str, Any]]) -> dict[str, list[str]]:
    """Name -> entries that are a form of it or a combination containing it."""
    related: dict[str, list[str]] = defaultdict(list)
    for entry, data in entries.items():
        if entry.endswith(" combination"):  # MeSH: "ethinyl estradiol-norgestrel combination"
            parts = entry.removesuffix(" combination").split("-")
            bases = set(parts)
        elif "/" in entry or " and " in entry:
            # A combination that carries a DrugBank id was merged with one ingredient's record, and
            # its names are that ingredient's: "elagolix, estradiol, and norethindrone" lists
            # norethisterone's.
            if "drugbank_id" in data:
                continue
            parts = _COMBINATION.split(entry)
            bases = set(parts)
        else:
            # MeSH writes "insulin, isophane" for a kind of insulin, but also "receptors, estradiol":
            # only the head word names the medicine.
            parts = [entry]
            bases = {entry.split(",")[0]} if "," in entry else set()
        for part in parts:
            qualified = _QUALIFIED.fullmatch(part)
            if qualified:
                bases.add(qualified["base"])
            words = part.split(" ")
            if len(words) == 2 and words[1] in FORM_WORDS:
                bases.add(words[0])
        for base in bases - {entry}:
            related[base].append(entry)
    return related


def _client_names(generic: str, found: Iterable[str], bases: set[str]) -> tuple[str, ...]:
    stems = {b[:-1] if b.endswith("e") else b for b in bases if b.isalpha()}
    kept = {generic}
    for name in {" ".join(n.split()) for n in found}:
        if (
            name == generic
            or not _PLAIN.fullmatch(name)
            or len(name) < MIN_LENGTH
            or name in NOT_MEDICINE_NAMES
            # a lone letter is a chemical prefix ("l-codeine", "p-acetamidophenol") or a variant code;
            # a joining word at an edge is a fragment of a longer name ("and veldex")
            or any(len(w) == 1 for w in _WORD.findall(name))
            or {name.split(" ")[0], name.split(" ")[-1]} & _JOINING_WORDS
            # Latin and foreign endings on the generic ("ibuprofenum", "warfarina", "prednisolona"):
            # a client who means the generic writes the generic
            or (name not in bases and any(name.startswith(s) and len(name) - len(s) <= 2 for s in stems))
        ):
            continue
        kept.add(name)
    # A name that contains another kept name adds nothing ("warfarin sodium", "lantus solostar",
    # "apo-warfarin"): the knowledge base finds the shorter name inside it. The generic always stays.
    words = {name: tuple(_WORD.findall(name)) for name in kept}
    redundant = {
        name
        for name, seq in words.items()
        if name != generic and any(other != seq and _contains(seq, other) for other in words.values())
    }
    return tuple(sorted(kept - redundant))


def _contains(seq: tuple[str, ...], part: tuple[str, ...]) -> bool:
    size = len(part)
    return any(seq[i : i + size] == part for i in range(len(seq) - size + 1))
