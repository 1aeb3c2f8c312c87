"""The entity registry: the packaged data is well formed, spellings meet, broken files fail clearly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from didban.entities.registry import (
    ENTITY_TYPES,
    Registry,
    alias_key,
    default_registry,
    match_key,
    packaged_files,
)
from didban.errors import ConfigError

# The 193 UN member states (ISO 3166-1 alpha-2).
# fmt: off
UN_MEMBERS = {
    "AF", "AL", "DZ", "AD", "AO", "AG", "AR", "AM", "AU", "AT", "AZ", "BS", "BH", "BD", "BB", "BY", "BE", "BZ", "BJ",
    "BT", "BO", "BA", "BW", "BR", "BN", "BG", "BF", "BI", "CV", "KH", "CM", "CA", "CF", "TD", "CL", "CN", "CO", "KM",
    "CG", "CD", "CR", "CI", "HR", "CU", "CY", "CZ", "DK", "DJ", "DM", "DO", "EC", "EG", "SV", "GQ", "ER", "EE", "SZ",
    "ET", "FJ", "FI", "FR", "GA", "GM", "GE", "DE", "GH", "GR", "GD", "GT", "GN", "GW", "GY", "HT", "HN", "HU", "IS",
    "IN", "ID", "IR", "IQ", "IE", "IL", "IT", "JM", "JP", "JO", "KZ", "KE", "KI", "KP", "KR", "KW", "KG", "LA", "LV",
    "LB", "LS", "LR", "LY", "LI", "LT", "LU", "MG", "MW", "MY", "MV", "ML", "MT", "MH", "MR", "MU", "MX", "FM", "MD",
    "MC", "MN", "ME", "MA", "MZ", "MM", "NA", "NR", "NP", "NL", "NZ", "NI", "NE", "NG", "MK", "NO", "OM", "PK", "PW",
    "PA", "PG", "PY", "PE", "PH", "PL", "PT", "QA", "RO", "RU", "RW", "KN", "LC", "VC", "WS", "SM", "ST", "SA", "SN",
    "RS", "SC", "SL", "SG", "SK", "SI", "SB", "SO", "ZA", "SS", "ES", "LK", "SD", "SR", "SE", "CH", "SY", "TJ", "TZ",
    "TH", "TL", "TG", "TO", "TT", "TN", "TR", "TM", "TV", "UG", "UA", "AE", "GB", "US", "UY", "UZ", "VU", "VE", "VN",
    "YE", "ZM", "ZW",
}
# fmt: on


@pytest.fixture(scope="module")
def reg() -> Registry:
    return default_registry()


# -- the packaged data ----------------------------------------------------------------------------
def test_every_line_parses_and_ids_are_unique(reg: Registry) -> None:
    rows = 0
    for f in packaged_files():
        if f.name.startswith("_"):
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                rows += 1
                assert len(line.split("\t")) == 6, f"{f.name}: {line!r}"
    assert rows == len(reg)  # a duplicate id would have raised; none was dropped


def test_every_metonym_points_to_an_existing_id(reg: Registry) -> None:
    for rec in reg.records.values():
        if rec.metonym_of is not None:
            assert rec.metonym_of in reg, rec.id
            assert reg.root(rec.id) in reg


def test_types_and_categories(reg: Registry) -> None:
    assert {r.type for r in reg.records.values()} <= ENTITY_TYPES
    categories = {r.category for r in reg.records.values()}
    expected = {"countries", "organizations", "iran_institutions", "foreign_institutions", "outlets"}
    assert categories >= expected | {"armed_groups", "people", "sports", "places"}


def test_all_un_members_and_more_are_countries(reg: Registry) -> None:
    countries = {i.split(":", 1)[1] for i in reg.ids("countries") if i.startswith("country:")}
    assert countries >= UN_MEMBERS | {"PS", "TW", "XK", "VA"}
    assert all(reg.records[f"country:{c}"].type == "GPE" for c in countries)


def test_capitals_are_metonyms_of_their_country_except_tehran(reg: Registry) -> None:
    capitals = [r for r in reg.records.values() if r.category == "countries" and r.id.startswith("city:")]
    assert len(capitals) > 180
    for cap in capitals:
        if cap.id == "city:tehran":
            assert cap.metonym_of is None
        else:
            assert cap.metonym_of is not None and cap.metonym_of.startswith("country:"), cap.id


@pytest.mark.parametrize(
    ("category", "at_least"),
    [
        ("countries", 380),
        ("organizations", 80),
        ("iran_institutions", 100),
        ("outlets", 140),
        ("armed_groups", 45),
        ("people", 380),
        ("sports", 70),
    ],
)
def test_categories_are_well_stocked(reg: Registry, category: str, at_least: int) -> None:
    assert len(reg.ids(category)) >= at_least


# -- spellings meet ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("surface", "entity_id"),
    [
        ("روسيه", "country:RU"),  # Arabic yeh
        ("امريكا", "country:US"),  # Arabic yeh and kaf, alef without madda
        ("آمریکا", "country:US"),
        ("ایالات متحده آمریکا", "country:US"),
        ("كرملين", "fac:kremlin"),
        ("اسراييل", "country:IL"),  # «ئ» written «یی»
        ("اسرائیل", "country:IL"),
        ("رژیم صهیونیستی", "country:IL"),
        ("حزب الله", "armed:hezbollah"),  # space …
        ("حزب‌الله", "armed:hezbollah"),  # … or ZWNJ
        ("حزب‌الله لبنان", "armed:hezbollah"),
        ("خامنه ای", "per:ali_khamenei"),
        ("خامنه‌ای", "per:ali_khamenei"),
        ("بی بی سی", "outlet:bbc"),
        ("بی‌بی‌سی", "outlet:bbc"),
        ("بی‌بی‌سی فارسی", "outlet:bbcpersian"),
        ("قوه قضائیه", "org:IR-JUDICIARY"),
        ("صنعاء", "city:sanaa"),
        ("ISIS", "armed:isis"),
        ("isis", "armed:isis"),
        ("داعش", "armed:isis"),
        ("دولت اسلامی عراق و شام", "armed:isis"),
        ("المیادین", "outlet:almayadeen"),
        ("خبرگزاری صدا و سیما", "outlet:iribnews"),
        ("خبرگزاری صداوسیما", "outlet:iribnews"),
        ("حیدر العبادی", "per:haider_al_abadi"),
        ("العبادی", "per:haider_al_abadi"),
        ("پ ک ک", "armed:pkk"),
        ("گروه ۵+۱", "org:P5PLUS1"),
        ("گروه 5+1", "org:P5PLUS1"),  # Latin digits are normalized
        ("وزارت خارجه", "org:IR-MFA"),
        ("پرسپولیس", "club:persepolis"),
        ("احمدی نژاد", "per:mahmoud_ahmadinejad"),
    ],
)
def test_spelling_variants_find_one_entity(reg: Registry, surface: str, entity_id: str) -> None:
    assert [r.id for r in reg.lookup(surface)] == [entity_id]


def test_a_country_and_its_homonymous_capital(reg: Registry) -> None:
    # «کویت» is the country and its capital: one referent, so the dictionary pass may add it.
    assert {r.id for r in reg.lookup("کویت")} == {"country:KW", "city:kuwait_city"}
    assert reg.scan_target(alias_key("کویت")) == (True, "country:KW")


@pytest.mark.parametrize(
    ("surface", "entity_id"),
    [("مسکو", "country:RU"), ("کرملین", "country:RU"), ("کاخ سفید", "country:US"), ("پنتاگون", "org:US-MOD")],
)
def test_metonyms_roll_up(reg: Registry, surface: str, entity_id: str) -> None:
    (rec,) = reg.lookup(surface)
    assert reg.root(rec.id) == entity_id


def test_lookup_only_aliases(reg: Registry) -> None:
    assert [r.id for r in reg.lookup("مالی")] == ["country:ML"]  # an NER mention still links
    assert reg.scan_target(alias_key("مالی")) == (True, None)  # the dictionary pass never adds it
    assert reg.scan_target(alias_key("جمهوری مالی")) == (True, "country:ML")
    forms = {(s, i) for s, _, i in reg.surface_forms()}
    assert ("مالی", "country:ML") not in forms
    assert ("مالی", "country:ML") in {(s, i) for s, _, i in reg.surface_forms(include_lookup_only=True)}


def test_an_ambiguous_outlet_name_is_added_only_after_a_report_cue(reg: Registry) -> None:
    assert {r.id for r in reg.lookup("فارس")} == {"outlet:fars", "prov:IR-fars"}
    assert reg.scan_target("فارس") == (True, None)
    assert reg.cue_only_target("فارس") == "outlet:fars"


def test_surface_forms_are_normalized_triples(reg: Registry) -> None:
    forms = set(reg.surface_forms())
    assert ("روسیه", "GPE", "country:RU") in forms
    assert ("مسکو", "GPE", "city:moscow") in forms
    assert ("حزب‌الله", "ORG", "armed:hezbollah") in forms
    assert all(s == s.strip() and "ي" not in s and "ك" not in s for s, _, _ in forms)


def test_keys_fold_what_normalization_keeps() -> None:
    assert match_key("حزب‌الله") == match_key("حزب الله") == "حزب الله"
    assert alias_key("آمریکا") == alias_key("امريكا")
    assert alias_key("  ایالات   متحده ") == "ایالات متحده"


def test_default_registry_is_cached(reg: Registry) -> None:
    assert default_registry() is reg


def test_importing_didban_reads_no_registry() -> None:
    code = "import didban.stages.link as s; print(s.default_registry.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"


# -- broken files ------------------------------------------------------------------------------------
GOOD = "country:XX\tGPE\tکشور نمونه\tنمونه\t\tSample\n"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("country:XX\tGPE\n", "expected 3 to 6 tab-separated columns"),
        ("country:XX\tGPE\tنام\t\t\tSample\textra\n", "expected 3 to 6 tab-separated columns"),
        ("Country XX\tGPE\tنام\n", "bad id"),
        ("country:XX\tNATION\tنام\n", "bad type"),
        ("country:XX\tGPE\t\n", "empty or marked name"),
        ("country:XX\tGPE\tنام\tالف||ب\n", "empty alias"),
        ("country:XX\tGPE\tنام\t\tnot an id\n", "bad metonym_of"),
        ("country:XX\tGPE\tنام\t\tcountry:YY\n", "metonym_of 'country:YY' is not a known id"),
        ("country:XX\tGPE\tنام\t\tcity:x\ncity:x\tGPE\tشهر\t\tcountry:XX\n", "metonym_of cycle"),
        (GOOD + GOOD, "duplicate id 'country:XX'"),
    ],
)
def test_malformed_files_give_one_line_errors(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "sample.tsv"
    path.write_text("# a comment\n" + body, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        Registry.from_files([path])
    message = str(info.value)
    assert "\n" not in message
    assert f"{path}:" in message and problem in message


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("institution\tMFA\tوزارت خارجه\n", "expected 4 tab-separated columns"),
        ("prefix\t-\tدولت\t\n", "bad kind"),
        ("institution\tmfa\tوزارت خارجه\t\n", "bad institution code"),
    ],
)
def test_malformed_pattern_files(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "_patterns.tsv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem):
        Registry.from_files([path])


def test_a_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        Registry.from_files([tmp_path / "absent.tsv"])


def test_user_files_extend_the_registry(tmp_path: Path) -> None:
    path = tmp_path / "local.tsv"
    path.write_text("per:sample_person\tPER\tکامران نمونه\tنمونه\t\tSample Person\n", encoding="utf-8")
    reg = Registry.from_files([*packaged_files(), path])
    assert [r.id for r in reg.lookup("کامران نمونه")] == ["per:sample_person"]
    assert reg.lookup("روسیه")[0].id == "country:RU"
