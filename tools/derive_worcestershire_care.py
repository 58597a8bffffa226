#!/usr/bin/env python3
"""Derives the Worcestershire model's care tables (models/worcestershire/data/care/)
from the council's published figures, so every number in them can be traced
here and regenerated: `tools/derive_worcestershire_care.py`.

Every published figure below carries its seed file and line; every other
number is marked ASSUMPTION with its reasoning. The method is set out in
docs/worcestershire-derivation.md, whose sections (§) the CSV rows cite.
"""
import argparse
import csv
import math
import os
import pathlib
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
OUT = REPO / "models" / "worcestershire" / "data" / "care"
DERIV = "docs/worcestershire-derivation.md"

DISTRICTS = ["Bromsgrove", "Malvern Hills", "Redditch", "Worcester", "Wychavon", "Wyre Forest"]
GROUPS = ["older_people", "learning_disability", "mental_health", "physical_disability"]
YOUNGER = GROUPS[1:]
ADULT, OLDEST = 18, 100

# §1 Scale from the 2021 counts of the Market Position Statement to the base
# caseload of 1 April 2024: 7,128 people (000_86e264d789b9484d.txt line 758)
# over 6,111 in 2021 (care homes 1,844 at June 2021, 001 lines 1212 and 1256,
# plus community packages 4,267 = 1,024 direct payments / 24% take-up, 001
# line 1472).
SCALE = 7128 / (1844 + 1024 / 0.24)

# §2 Base caseload by setting and client group, council-funded, people.
CASELOAD = {
    # 001 Table 17 (line 1217) and Table 20 (lines 1261-1264), June 2021; 'Other' with mental health.
    "nursing": {"older_people": 536, "learning_disability": 14, "mental_health": 94 + 1, "physical_disability": 39},
    "residential": {"older_people": 688, "learning_disability": 238, "mental_health": 193 + 3, "physical_disability": 38},
    # 001 Table 10, March 2021 (line 813); 'Other' (39) with mental health.
    "supported_living": {"older_people": 63, "learning_disability": 430, "mental_health": 96 + 39, "physical_disability": 39},
    # 001 Shared Lives year end March 2021 (line 705); 'Other' (7) with mental health.
    "shared_lives": {"older_people": 15, "learning_disability": 69, "mental_health": 2 + 7, "physical_disability": 7},
}
# Direct payments: 1,024 (001 line 1472). ASSUMPTION: 30% aged 65+ (older
# people); the rest split as the 2021/22 gross budgets of the working-age
# lines, LD 72,513 : MH 28,149 : PD 19,586 (002 lines 2658-2660).
DP = 1024
working_age_budget = {"learning_disability": 72513, "mental_health": 28149, "physical_disability": 19586}
CASELOAD["direct_payment"] = {"older_people": 0.30 * DP}
for g, b in working_age_budget.items():
    CASELOAD["direct_payment"][g] = 0.70 * DP * b / sum(working_age_budget.values())
# Extra care: ASSUMPTION 250 people with care packages in 2021 (the £2.75m
# care cost of 001 line 872 at about £210 a week), 95% older people.
CASELOAD["extra_care"] = {"older_people": 237.5, "physical_disability": 12.5}
# Homecare: the 2021 community total 4,267 less the other community settings
# above; ASSUMPTION: 80% older people, and working-age homecare split PD 50%,
# LD 30%, MH 20% (physical disability is the largest working-age user of
# homecare nationally).
community_2021 = 1024 / 0.24
others = sum(sum(CASELOAD[s].values()) for s in ("supported_living", "shared_lives", "direct_payment", "extra_care"))
homecare_2021 = community_2021 - others
CASELOAD["homecare"] = {"older_people": 0.80 * homecare_2021, "physical_disability": 0.10 * homecare_2021,
                        "learning_disability": 0.06 * homecare_2021, "mental_health": 0.04 * homecare_2021}
for setting in CASELOAD:
    for g in CASELOAD[setting]:
        CASELOAD[setting][g] *= SCALE

# §3 Self-funders: 48.7% of care home residents (000 line 717). ASSUMPTION:
# all are older people (working-age residents rarely have the capital).
SELF_FUNDED_SHARE = 0.487

# §4 Geography.
# 65+ and 18-64 population at mid-2024 (ONS 2022-based SNPP, model data).
def population_2024():
    pop = {d: {"65+": 0.0, "18-64": 0.0} for d in DISTRICTS}
    with open(REPO / "models" / "worcestershire" / "data" / "population_projection.csv") as f:
        for row in csv.DictReader(f):
            if row["year"] != "2024":
                continue
            age = 90 if row["age"] == "90+" else int(row["age"])
            if age >= 65:
                pop[row["area_name"]]["65+"] += float(row["count"])
            elif age >= 18:
                pop[row["area_name"]]["18-64"] += float(row["count"])
    return pop

POP = population_2024()
# Homecare hours a week, March 2021, 001 Table 6 lines 627-633 (Malvern =
# Malvern Hills; 114 hours of unknown district spread pro rata).
HOMECARE_HOURS_2021 = {"Bromsgrove": 5196, "Malvern Hills": 4132, "Redditch": 4890, "Worcester": 5753,
                       "Wychavon": 7651, "Wyre Forest": 7652}
# District need index: hours per person aged 65+ relative to the county
# (the only published measure of care need by district).
hours_per_65 = {d: HOMECARE_HOURS_2021[d] / POP[d]["65+"] for d in DISTRICTS}
county_rate = sum(HOMECARE_HOURS_2021.values()) / sum(POP[d]["65+"] for d in DISTRICTS)
NEED_INDEX = {d: hours_per_65[d] / county_rate for d in DISTRICTS}
# Long-term bed nights 2019/20 by district of the home and out of county,
# 001 Table 16: nursing lines 982 and 989, residential lines 1003 and 1010.
NURSING_2019 = {"Bromsgrove": 42195, "Malvern Hills": 71423, "Redditch": 19109, "Worcester": 29381,
                "Wychavon": 49520, "Wyre Forest": 47174, "out_of_county": 31059}
RESIDENTIAL_2019 = {"Bromsgrove": 57929, "Malvern Hills": 84885, "Redditch": 29156, "Worcester": 38274,
                    "Wychavon": 52733, "Wyre Forest": 88991, "out_of_county": 78205}

def shares(table):
    total = sum(table.values())
    return {k: v / total for k, v in table.items()}

def need_weighted(band):
    weights = {d: POP[d][band] * NEED_INDEX[d] for d in DISTRICTS}
    total = sum(weights.values())
    return {d: w / total for d, w in weights.items()}

# §5 Ages. ASSUMPTION (national pattern, ONS Census 2021 care home residents
# and NHS England SALT long-term support by age): shares of older people
# by age band in each setting.
OLDER_AGES = {
    "care_home": [(65, 74, 0.11), (75, 84, 0.30), (85, 89, 0.25), (90, 100, 0.34)],
    "community": [(65, 74, 0.22), (75, 84, 0.38), (85, 89, 0.22), (90, 100, 0.18)],
}

# §6 Moves: hazards per person-year. ASSUMPTIONS, set so that the stock,
# stays and admissions agree with the published figures (docs §6).
CARE_HOME_OLDER = {
    # Mean council-funded stay about 1.9 years: exits (death and end) about
    # 750 a year from 1,427 residents, within 10% of 'around 2 years' (003
    # line 151) while admissions stay near 600 per 100,000 (002 line 2510).
    "residential": {"death": 0.45, "nursing": 0.08, "end": 0.02},
    "nursing": {"death": 0.62, "end": 0.02},
}
MOVES = []  # (from, group, min_age, max_age, to, rate, note)
def add(setting, group, to, rate, note, ages=(ADULT, OLDEST)):
    MOVES.append((setting, group, ages[0], ages[1], to, rate, note))

for s, rates in CARE_HOME_OLDER.items():
    for to, rate in rates.items():
        add(s, "older_people", to, rate, "assumption: older people's care home hazard, see §6.1")
younger_care_home = {
    ("residential", "learning_disability"): {"death": 0.025, "supported_living": 0.02, "end": 0.005},
    ("nursing", "learning_disability"): {"death": 0.05},
    ("residential", "mental_health"): {"death": 0.04, "supported_living": 0.03, "end": 0.01},
    ("nursing", "mental_health"): {"death": 0.07},
    ("residential", "physical_disability"): {"death": 0.04, "nursing": 0.01, "end": 0.01},
    ("nursing", "physical_disability"): {"death": 0.07},
}
for (s, g), rates in younger_care_home.items():
    for to, rate in rates.items():
        add(s, g, to, rate, "assumption: working-age care home hazard, see §6.2")
community = {
    ("homecare", "older_people"): {"death": 0.12, "residential": 0.05, "nursing": 0.03, "extra_care": 0.01,
                                   "direct_payment": 0.01, "end": 0.15},
    ("direct_payment", "older_people"): {"death": 0.10, "residential": 0.03, "nursing": 0.02, "end": 0.08},
    ("extra_care", "older_people"): {"death": 0.12, "residential": 0.04, "nursing": 0.03, "end": 0.02},
    ("supported_living", "older_people"): {"death": 0.10, "nursing": 0.05},
    ("shared_lives", "older_people"): {"death": 0.08, "residential": 0.04, "end": 0.06},
}
for g in YOUNGER:
    community[("homecare", g)] = {"death": 0.02, "residential": 0.01, "supported_living": 0.02 if g != "physical_disability" else 0.005, "end": 0.10}
    community[("direct_payment", g)] = {"death": 0.015, "residential": 0.005, "end": 0.06}
    community[("shared_lives", g)] = {"death": 0.02, "supported_living": 0.02, "end": 0.06}
    community[("extra_care", g)] = {"death": 0.05, "residential": 0.03, "end": 0.03}
# Supported living: 9 exits a year from about 643 places (002 line 2231), 1.4%.
community[("supported_living", "learning_disability")] = {"death": 0.010, "end": 0.004}
community[("supported_living", "mental_health")] = {"death": 0.015, "residential": 0.005, "end": 0.02}
community[("supported_living", "physical_disability")] = {"death": 0.015, "nursing": 0.005, "end": 0.005}
for (s, g), rates in community.items():
    for to, rate in rates.items():
        add(s, g, to, rate, "assumption: community hazard, see §6.3")
# Step-down (post-hospital) beds: stays of about four weeks (13 a year in all).
STEP_DOWN = {"end": 7.8, "homecare": 2.6, "residential": 1.3, "nursing": 0.65, "death": 0.65}
for g in GROUPS:
    for to, rate in STEP_DOWN.items():
        add("step_down", g, to, rate, "assumption: step-down stay of about four weeks, see §6.4")

SETTINGS = ["homecare", "direct_payment", "supported_living", "extra_care", "shared_lives", "residential",
            "nursing", "step_down"]

def exits(setting, group):
    return sum(r for (s, g, lo, hi, to, r, _) in MOVES if s == setting and g == group)

def moves_in(setting, group):
    total = 0.0
    for (s, g, lo, hi, to, r, _) in MOVES:
        if to == setting and g == group and s != "step_down":
            total += CASELOAD.get(s, {}).get(group, 0.0) * r
    return total

# §7 Entries. Growth: 4% a year for older people, the client growth the
# 2023/24 budget assumed (003_2f31bcd0cc11b4b0.txt line 143; it ran at 5.5%);
# ASSUMPTION 1.5% for working-age groups. Step-down occupancy: ASSUMPTION 60
# beds on an average day (58 in 2019/20: 21,252 nights, 001 line 1038).
GROWTH = {"older_people": 0.04, **{g: 0.015 for g in YOUNGER}}
STEP_DOWN_BEDS = 60
step_down_entries = STEP_DOWN_BEDS * sum(STEP_DOWN.values())
TRANSITIONS = 73  # 000 line 557
TRANSITION_MIX = [  # ASSUMPTION (docs §7.2): client group and first setting of young people at 18.
    ("learning_disability", "direct_payment", 0.25), ("learning_disability", "supported_living", 0.20),
    ("learning_disability", "shared_lives", 0.05), ("learning_disability", "residential", 0.05),
    ("learning_disability", "homecare", 0.05), ("mental_health", "direct_payment", 0.08),
    ("mental_health", "supported_living", 0.07), ("mental_health", "residential", 0.05),
    ("physical_disability", "direct_payment", 0.10), ("physical_disability", "homecare", 0.07),
    ("physical_disability", "supported_living", 0.03),
]
DEPLETION = 0.02  # model.yaml care.self_funding.depletion_per_year (assumption, docs §3)
direct_entries = {g: {} for g in GROUPS}
external_care_home_inflow = 0.0
for g in GROUPS:
    for s in SETTINGS:
        if s == "step_down":
            continue
        stock = CASELOAD.get(s, {}).get(g, 0.0)
        if g == "older_people" and s in ("residential", "nursing"):
            # Older people's care homes in all-funder terms: self-funders
            # die and leave at the same rates, so the whole stock needs
            # inflow; a share of it funds itself (docs §3).
            stock /= 1 - SELF_FUNDED_SHARE
            internal = (CASELOAD["residential"][g] / (1 - SELF_FUNDED_SHARE) * CARE_HOME_OLDER["residential"]["nursing"]
                        if s == "nursing" else 0.0)
            need = stock * (exits(s, g) + GROWTH[g]) - internal - moves_in(s, g)
        else:
            need = stock * (exits(s, g) + GROWTH[g]) - moves_in(s, g)
        need -= sum(TRANSITIONS * share for (tg, ts, share) in TRANSITION_MIX if tg == g and ts == s)
        # Step-down leavers who go on to long-term care (older people's step-down).
        if g == "older_people" and s in STEP_DOWN:
            need -= step_down_entries * STEP_DOWN[s] / sum(STEP_DOWN.values())
        direct_entries[g][s] = max(0.0, need)
        if g == "older_people" and s in ("residential", "nursing"):
            external_care_home_inflow += need + moves_in(s, g) + step_down_entries * STEP_DOWN[s] / sum(STEP_DOWN.values())
direct_entries["older_people"]["step_down"] = step_down_entries
# Entrant share keeping self-funders steady: S (exit + depletion + growth) = e x external inflow.
older_self_funded = (CASELOAD["residential"]["older_people"] + CASELOAD["nursing"]["older_people"]) * SELF_FUNDED_SHARE / (1 - SELF_FUNDED_SHARE)
mean_exit = ((CASELOAD["residential"]["older_people"] * (exits("residential", "older_people") - CARE_HOME_OLDER["residential"]["nursing"]) +
              CASELOAD["nursing"]["older_people"] * exits("nursing", "older_people")) /
             (CASELOAD["residential"]["older_people"] + CASELOAD["nursing"]["older_people"]))
ENTRANT_SHARE = older_self_funded * (mean_exit + DEPLETION + GROWTH["older_people"]) / external_care_home_inflow

# §8 Front door: 26,444 requests (000 line 526); 73% to short-term support
# (line 534); 84% of those need nothing further (line 542).
REQUESTS, SHORT_TERM, NO_FURTHER = 26444, 0.73, 0.84
further = REQUESTS * SHORT_TERM * (1 - NO_FURTHER)
total_direct = sum(sum(v.values()) for v in direct_entries.values())
LONG_TERM_SHARE = total_direct / further

# Requests by client group in proportion to their entries; by age within the
# group: older people's risk doubles about every 8 years of age (ASSUMPTION,
# the national gradient of care need with age), working-age groups flat.
def age_weight(group, age):
    return math.exp(math.log(2) / 8 * (age - 65)) if group == "older_people" else 1.0

def population_by_age():
    pop = {}
    with open(REPO / "models" / "worcestershire" / "data" / "population_projection.csv") as f:
        for row in csv.DictReader(f):
            if row["year"] == "2024":
                age = 90 if row["age"] == "90+" else int(row["age"])
                pop[age] = pop.get(age, 0.0) + float(row["count"])
    return pop

POP_AGE = population_by_age()
REQUEST_BANDS = {"older_people": [(65, 74), (75, 84), (85, 89), (90, 100)], "learning_disability": [(18, 64)],
                 "mental_health": [(18, 64)], "physical_disability": [(18, 64)]}
request_rows = []
for g in GROUPS:
    group_requests = REQUESTS * sum(direct_entries[g].values()) / total_direct
    # Person-weighted risk: sum over ages of pop(age) * weight(age); the 90+
    # group stands for 90..100.
    lo_all = 65 if g == "older_people" else 18
    hi_all = 89 if g == "older_people" else 64
    weighted = sum(POP_AGE[a] * age_weight(g, a) for a in range(lo_all, hi_all + 1))
    if g == "older_people":
        weighted += POP_AGE[90] * age_weight(g, 92)
    base_rate = group_requests / weighted  # requests per person-year at weight 1
    for lo, hi in REQUEST_BANDS[g]:
        mid = 92 if lo == 90 else (lo + min(hi, 89)) / 2
        request_rows.append((g, lo, hi, 1000 * base_rate * age_weight(g, mid)))

def write(name, header, rows, folder=OUT):
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix="." + name)
    with os.fdopen(handle, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    os.chmod(temporary, 0o644)
    os.replace(temporary, folder / name)

def r(x, places=2):
    return round(x, places)

def caseload_rows(caseload, homecare_shares, step_down_beds, section):
    """Caseload rows by setting, client group, district, location, age band and funding."""
    rows = []
    for s, groups in caseload.items():
        for g, count in groups.items():
            if s in ("residential", "nursing"):
                table = NURSING_2019 if s == "nursing" else RESIDENTIAL_2019
                location_share = shares(table)
                home_share = need_weighted("65+" if g == "older_people" else "18-64")
                for where, share in location_share.items():
                    if where == "out_of_county":
                        for d in DISTRICTS:
                            rows += age_rows(s, g, d, "out_of_county", count * share * home_share[d], "council", section + " §4")
                    else:
                        rows += age_rows(s, g, where, where, count * share, "council", section + " §4")
                        if g == "older_people":
                            self_funded = count * share * SELF_FUNDED_SHARE / (1 - SELF_FUNDED_SHARE)
                            rows += age_rows(s, g, where, where, self_funded, "self", "§3")
            elif s == "homecare":
                for d in DISTRICTS:
                    rows += age_rows(s, g, d, d, count * homecare_shares[d], "council", section + " §4 (Table 6 shares)")
            else:
                home_share = need_weighted("65+" if g == "older_people" else "18-64")
                for d in DISTRICTS:
                    rows += age_rows(s, g, d, d, count * home_share[d], "council", section + " §4")
    # Step-down beds in use on the caseload date, older people, by district of need.
    for d, share in need_weighted("65+").items():
        rows += age_rows("step_down", "older_people", d, d, step_down_beds * share, "council", "§7")
    return rows


def capacity_rows(caseload, homecare_hours_a_week, source_note):
    rows = []
    # Care home beds: in-county occupancy (council and self-funded) at the
    # Table 16 district shares, with ASSUMPTION 2% of beds free (the
    # county's beds are where Table 16 says people are placed).
    for s, table in (("nursing", NURSING_2019), ("residential", RESIDENTIAL_2019)):
        location = shares(table)
        council = sum(caseload[s].values())
        self_funded = caseload[s]["older_people"] * SELF_FUNDED_SHARE / (1 - SELF_FUNDED_SHARE)
        for d in DISTRICTS:
            occupied = council * location[d] + self_funded * location[d] / (1 - location["out_of_county"])
            rows.append((s, d, round(occupied / 0.98),
                         f"derived: {DERIV} §4.3 (001_a6ecfc05098d5ad0.txt Table 16, 2019/20; 98% occupied){source_note}"))
    # Supported living places: ASSUMPTION 5% free, by working-age need.
    sl = sum(caseload["supported_living"].values())
    for d, share in need_weighted("18-64").items():
        rows.append(("supported_living", d, round(sl * share / 0.95), f"assumption: {DERIV} §4.4{source_note}"))
    # Homecare hours a week: delivered hours in the base year plus 3% slack,
    # none in the rural districts (001_a6ecfc05098d5ad0.txt line 639).
    for d, share in shares(HOMECARE_HOURS_2021).items():
        slack = 1.00 if d in ("Malvern Hills", "Wychavon") else 1.03
        rows.append(("homecare", d, round(homecare_hours_a_week * share * slack), f"assumption: {DERIV} §4.5{source_note}"))
    return rows


CASE_HEADER = ["setting", "client_group", "home_district", "location", "min_age", "max_age", "funding", "count", "source"]


def main():
    write("caseload.csv", CASE_HEADER, caseload_rows(CASELOAD, shares(HOMECARE_HOURS_2021), STEP_DOWN_BEDS, "§2"))
    write("requests.csv", ["client_group", "min_age", "max_age", "requests_per_1000", "source"],
          [(g, lo, hi, r(rate, 4), f"derived: {DERIV} §8 (26,444 requests, 000_86e264d789b9484d.txt line 526)")
           for g, lo, hi, rate in request_rows])
    write("district_need.csv", ["district", "index", "source"],
          [(d, r(NEED_INDEX[d], 4), f"derived: {DERIV} §4 (homecare hours per person 65+, "
            "001_a6ecfc05098d5ad0.txt Table 6 lines 627-633)") for d in DISTRICTS])

    entry_rows = []
    for g in GROUPS:
        total = sum(direct_entries[g].values())
        lo, hi = (65, 100) if g == "older_people" else (18, 64)
        for s, n in direct_entries[g].items():
            if n > 0:
                entry_rows.append((g, lo, hi, s, r(n / total, 6), f"derived: {DERIV} §7"))
        # Shares must sum to 1 exactly after rounding: put the rounding on the largest.
        mine = [row for row in entry_rows if row[0] == g]
        gap = 1.0 - sum(row[4] for row in mine)
        largest = max(mine, key=lambda row: row[4])
        entry_rows[entry_rows.index(largest)] = largest[:4] + (r(largest[4] + gap, 6),) + largest[5:]
    write("entry_settings.csv", ["client_group", "min_age", "max_age", "setting", "share", "source"], entry_rows)

    write("transitions.csv", ["client_group", "setting", "share", "source"],
          [(g, s, share, f"assumption: {DERIV} §7.2") for g, s, share in TRANSITION_MIX])
    write("moves.csv", ["from_setting", "client_group", "min_age", "max_age", "to", "annual_rate", "source"],
          [(s, g, lo, hi, to, rate, note) for (s, g, lo, hi, to, rate, note) in MOVES])

    write("capacity.csv", ["setting", "district", "capacity", "source"],
          capacity_rows(CASELOAD, sum(HOMECARE_HOURS_2021.values()) * SCALE, ""))

    neighbours = {
        "Bromsgrove": ["Redditch", "Wychavon", "Wyre Forest"],
        "Malvern Hills": ["Worcester", "Wychavon", "Wyre Forest"],
        "Redditch": ["Bromsgrove", "Wychavon"],
        "Worcester": ["Wychavon", "Malvern Hills"],
        "Wychavon": ["Worcester", "Malvern Hills", "Redditch", "Bromsgrove", "Wyre Forest"],
        "Wyre Forest": ["Bromsgrove", "Malvern Hills", "Wychavon"],
    }
    write("neighbours.csv", ["district", "neighbour", "source"],
          [(d, n, "geography: districts that share a boundary (ONS local authority boundaries)")
           for d, ns in neighbours.items() for n in ns])

    print(f"scale 2021 -> 2024: {SCALE:.4f}")
    print(f"base caseload: {sum(sum(v.values()) for v in CASELOAD.values()):.0f}")
    print(f"long-term share of further need: {LONG_TERM_SHARE:.4f} (direct entries {total_direct:.0f} a year)")
    print(f"self-funded entrant share: {ENTRANT_SHARE:.3f}")
    for g in GROUPS:
        print(g, {s: round(n) for s, n in direct_entries[g].items() if n > 0})

# §9 The backtest's base: the caseload of 1 April 2019 (31 March 2019), for
# the model variant models/worcestershire-2019, which starts a year before
# the Market Position Statement's last full year (2019/20). Written by
# `tools/derive_worcestershire_care.py --base 2019`; every other table of the
# variant is this model's.
OUT_2019 = REPO / "models" / "worcestershire-2019" / "data" / "care"


def split_as_2021(setting, total):
    """`total` people split between client groups as the setting's caseload of §2."""
    groups = CASELOAD[setting]
    return {g: total * n / sum(groups.values()) for g, n in groups.items()}


def caseload_2019():
    base = {}
    # 001 Table 10, March 2019 (line 803): 'Other' (17) with mental health
    # (77); the 3 of the 'Blank' column are left out.
    base["supported_living"] = {"older_people": 42, "learning_disability": 336, "mental_health": 77 + 17,
                                "physical_disability": 22}
    # 001 Table 7, year end March 2019 (line 695); 'Other' (5) with mental health (5).
    base["shared_lives"] = {"older_people": 12, "learning_disability": 75, "mental_health": 5 + 5, "physical_disability": 10}
    # Care homes: council-funded long-term bed nights of 2018/19 and 2019/20
    # (001 Table 16: nursing lines 982 and 989 with 2018/19 on the line
    # before each, residential lines 1003 and 1010), averaged: the mean
    # occupied beds of the two years, centred on 1 April 2019. Split by
    # client group as the June 2021 counts (§2).
    bed_nights = {"nursing": (272024 + 289861) / 2, "residential": (440192 + 430173) / 2}
    for s, nights in bed_nights.items():
        base[s] = split_as_2021(s, nights / 365)
    # Homecare: 29,955 hours a week in March 2020, the earliest count (001
    # Table 6, line 635), over the model's 15.9 hours a client. ASSUMPTION:
    # hours a week did not change between April 2019 and March 2020 (the
    # next count, March 2021, is raised by COVID hospital discharges), and
    # hours per client were as in 2021. Client groups as §2.
    hours_april_2019 = 29955
    base["homecare"] = split_as_2021("homecare", hours_april_2019 / 15.9)
    # Extra care: ASSUMPTION the 2021 figure of §2 (250), no earlier count.
    base["extra_care"] = split_as_2021("extra_care", sum(CASELOAD["extra_care"].values()) / SCALE)
    # Direct payments: no count before March 2021; ASSUMPTION the same 24%
    # of community packages as then (001 line 1472), split as §2.
    others = sum(sum(base[s].values()) for s in ("homecare", "supported_living", "extra_care", "shared_lives"))
    base["direct_payment"] = split_as_2021("direct_payment", 0.24 / 0.76 * others)
    return base, hours_april_2019


# Step-down beds in use on an average day of 2019/20: 21,252 nights (001 line 1038) / 365.
STEP_DOWN_BEDS_2019 = 21252 / 365


def main_2019():
    base, hours = caseload_2019()
    note = "; base 1 April 2019, §9"
    write("caseload.csv", CASE_HEADER, caseload_rows(base, shares(HOMECARE_HOURS_2021), STEP_DOWN_BEDS_2019, "§9"), OUT_2019)
    write("capacity.csv", ["setting", "district", "capacity", "source"], capacity_rows(base, hours, note), OUT_2019)
    print(f"base caseload 1 April 2019: {sum(sum(v.values()) for v in base.values()):.0f} council-funded "
          f"(+ {STEP_DOWN_BEDS_2019:.0f} step-down), homecare {hours:.0f} hours a week")
    for s, groups in base.items():
        print(s, {g: round(n) for g, n in groups.items()})


def age_rows(setting, group, home, location, count, funding, section):
    if count <= 0:
        return []
    if group == "older_people":
        profile = OLDER_AGES["care_home" if setting in ("residential", "nursing") else "community"]
    else:
        profile = [(18, 64, 1.0)]
    return [(setting, group, home, location, lo, hi, funding, r(count * share, 3), f"derived: {DERIV} {section}")
            for lo, hi, share in profile]

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", choices=["2024", "2019"], default="2024",
                        help="2024: the model's tables; 2019: the backtest variant's caseload and capacity (§9)")
    if parser.parse_args().base == "2019":
        main_2019()
    else:
        main()
