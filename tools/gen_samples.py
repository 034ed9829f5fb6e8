#!/usr/bin/env python3
"""Write the nine canonical sample extracts (CONTRACTS.md section 5) to samples/extracts/.

Every number is synthetic.  The generator is deterministic: each file gets its own
random.Random(SEED + n) and every draw goes through Draw, which uses only Random.random()
(its sequence is fixed for a given seed across Python versions); nothing reads the clock, and
rows are produced by iterating over tuples, never over sets, so two runs write byte-identical files.
Standard library only.  `--check` re-reads the files and verifies the contract rules, the
built-in patterns and (with scipy, e.g. /usr/bin/python3) the survey t-tests.

    python3 tools/gen_samples.py [--out DIR]      # write the files, print a summary
    /usr/bin/python3 tools/gen_samples.py --check # verify the files already written
"""

import argparse
import csv
import datetime
import math
import os
import random
import sys

# Picked from the first few seeds tried as one whose draws land near the design values
# (stillbirths ~4 per 1,000, BAME PPH ~12% -> ~9%) with the PPH step long enough to show as
# a shift; --check fails if an edit loses any of the built-in patterns.
SEED = 20261036

# ----------------------------------------------------------------------------- helpers


class Draw:
    """Random draws built on Random.random() alone, so the stream never depends on how a
    Python version implements randrange, gauss or shuffle."""

    def __init__(self, seed):
        self._rng = random.Random(seed)

    def unit(self):
        return self._rng.random()

    def below(self, n):
        return min(int(self.unit() * n), n - 1)

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]

    def normal(self, mean=0.0, sd=1.0):
        u1 = 1.0 - self.unit()
        u2 = self.unit()
        return mean + sd * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def poisson(self, lam):
        if lam <= 0:
            return 0
        if lam > 60:
            return max(0, int(round(self.normal(lam, math.sqrt(lam)))))
        limit, k, prod = math.exp(-lam), 0, self.unit()
        while prod > limit:
            k += 1
            prod *= self.unit()
        return k

    def binomial(self, n, p):
        return sum(1 for _ in range(n) if self.unit() < p)


def months(first_year, first_month, count):
    """Periods as YYYY-MM, oldest first."""
    out = []
    y, m = first_year, first_month
    for _ in range(count):
        out.append("%04d-%02d" % (y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def nth_weekday(year, month, weekday, nth):
    """Date of the nth (1-based) given weekday (Mon=0) of a month."""
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (nth - 1))


def write_csv(out_dir, name, header, rows):
    path = os.path.join(out_dir, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return len(rows)


def pct(num, den):
    return 100.0 * num / den if den else float("nan")


# ------------------------------------------------------------------ 1. maternity.csv

MAT_HEADER = ("org_code", "org_name", "site", "period", "ethnic_group", "maternities",
              "total_births", "live_births", "stillbirths", "neonatal_deaths", "pph_1000ml",
              "bookings", "pph_risk_assessed")
# A made-up trust in the style of an NHS organisation code and name.
MAT_ORG = ("RZ4", "Northfield and Ashby Hospitals NHS Foundation Trust")
MAT_PERIODS = months(2023, 11, 36)
MAT_CHANGE = "2025-01"       # PPH risk-assessment pathway goes live (seed 002)
# site, mean total births a month, share of births by ethnic group (order of MAT_GROUPS)
MAT_SITES = (("Northfield General Hospital", 300, (0.50, 0.25, 0.13, 0.06, 0.06)),
             ("Ashby District Hospital", 150, (0.78, 0.10, 0.05, 0.04, 0.03)))
# ethnic group, PPH >= 1000 mL per maternity before the change, after it
MAT_GROUPS = (("White", 0.050, 0.050),
              ("Asian or Asian British", 0.120, 0.090),
              ("Black or Black British", 0.130, 0.097),
              ("Mixed", 0.110, 0.083),
              ("Other ethnic group", 0.110, 0.083))
STILLBIRTH_RATE = 0.004      # per total birth
NEONATAL_RATE = 0.0028       # per live birth
TWIN_SHARE = 0.015           # maternities with two babies


def risk_assessed_share(i):
    """Share of bookings with a PPH risk assessment (index 0 is 2023-11): 60% until 2024-06,
    rising steadily from 2024-07 to 95% in 2025-04, as the pathway is rolled out."""
    start, end = 8, 17        # 2024-07 .. 2025-04
    if i < start:
        return 0.60
    if i >= end:
        return 0.95
    return 0.60 + 0.35 * (i - start) / (end - start)


def maternity_cell(d, expected_births, pph_rate, assess_share):
    total = d.poisson(expected_births)
    still = d.binomial(total, STILLBIRTH_RATE)
    live = total - still
    twins = min(d.binomial(total // 2, 2 * TWIN_SHARE), total // 2)
    maternities = total - twins
    return (maternities, total, live, still, d.binomial(live, NEONATAL_RATE),
            d.binomial(maternities, pph_rate),
            *booking_counts(d, expected_births * 1.04, assess_share))


def booking_counts(d, expected, share):
    bookings = d.poisson(expected)
    return bookings, d.binomial(bookings, share)


def gen_maternity(out_dir):
    d = Draw(SEED + 1)
    rows = []
    for i, period in enumerate(MAT_PERIODS):
        month = int(period[5:])
        season = 1.0 + 0.04 * math.sin(2.0 * math.pi * (month - 6) / 12.0)
        for site, births, shares in MAT_SITES:
            for (group, before, after), share in zip(MAT_GROUPS, shares):
                rate = after if period >= MAT_CHANGE else before
                cell = maternity_cell(d, births * share * season, rate, risk_assessed_share(i))
                rows.append((MAT_ORG[0], MAT_ORG[1], site, period, group) + cell)
    return write_csv(out_dir, "maternity.csv", MAT_HEADER, rows)


# ----------------------------------------------------------- 2. collab_teams.csv

COLLAB_ICS = (("NCL", "North Central London"), ("NEL", "North East London"),
              ("NWL", "North West London"), ("SEL", "South East London"),
              ("SWL", "South West London"))
WS_CHILD = "Integration for child health"
WS_EARLY = "Early years and family hubs"
WS_LEAD = "Leadership"
# team_id, team name, workstream, topic, aim
COLLAB_TEAMS = (
    ("NCL-01", "Camden and Islington Child Health Hub", WS_CHILD, "Asthma",
     "Reduce asthma-related A&E attendances by 20% by March 2027"),
    ("NCL-02", "Haringey Family Hub Network", WS_EARLY, "Infant feeding",
     "Increase breastfeeding at 6-8 weeks from 45% to 55% by March 2027"),
    ("NCL-03", "Barnet, Enfield and Haringey Leaders' Forum", WS_LEAD, "System leadership",
     "Every borough partnership board reviews one BCYP measure each month by December 2026"),
    ("NEL-01", "Tower Hamlets Paediatric Integrated Clinic", WS_CHILD, "Constipation",
     "Reduce GP referrals to paediatric outpatients for constipation by 30% by December 2026"),
    ("NEL-02", "Newham Start for Life Family Hub", WS_EARLY, "Speech, language and communication",
     "Increase 2-year-olds at the expected level for communication from 78% to 85% by March 2027"),
    ("NEL-03", "Hackney and City Eczema Pathway", WS_CHILD, "Eczema",
     "Halve repeat GP consultations for infant eczema by March 2027"),
    ("NWL-01", "Brent Asthma Friendly Schools", WS_CHILD, "Asthma",
     'Make 30 primary schools "asthma friendly" by July 2026'),
    ("NWL-02", "Ealing Perinatal Mental Health Link", WS_EARLY, "Perinatal mental health",
     "Screen 90% of new parents for perinatal mental health at the 6-8 week review by March 2026"),
    ("NWL-03", "Hillingdon Young People's Leadership Group", WS_LEAD,
     "Voice of children and young people",
     'Co-design every service change with young people ("nothing about us without us") '
     "by April 2027"),
    ("SEL-01", "Lambeth Sickle Cell Community Team", WS_CHILD, "Sickle cell",
     "Reduce emergency admissions for sickle cell crisis in under-18s by 15% by March 2027"),
    ("SEL-02", "Southwark Healthy Weight in the Early Years", WS_EARLY, "Healthy weight",
     "Increase families completing the healthy start programme from 40% to 60% by March 2027"),
    ("SEL-03", "Lewisham Epilepsy Transition Clinic", WS_CHILD, "Epilepsy",
     "Give 95% of young people with epilepsy a transition plan by age 16 by March 2027"),
    ("SWL-01", "Croydon Oral Health in Family Hubs", WS_EARLY, "Oral health",
     "Increase children under 3 seen by a dentist from 35% to 50% by March 2027"),
    ("SWL-02", "Kingston and Richmond Child Health Hub", WS_CHILD, "Child health hubs",
     "Reduce first paediatric outpatient appointments by 25%, seeing 90% of hub patients "
     "within 6 weeks, by March 2027"),
    ("SWL-03", "Merton and Wandsworth Leadership Circle", WS_LEAD, "Coaching for improvement",
     "Train 40 frontline leaders as improvement coaches by October 2026"),
)


def ics_name(team_id):
    prefix = team_id.split("-")[0]
    return [name for code, name in COLLAB_ICS if code == prefix][0]


def gen_collab_teams(out_dir):
    rows = [(tid, name, ics_name(tid), ws, topic, aim)
            for tid, name, ws, topic, aim in COLLAB_TEAMS]
    return write_csv(out_dir, "collab_teams.csv",
                     ("team_id", "team_name", "ics", "workstream", "topic", "aim"), rows)


# ----------------------------------------------------- 3. collab_assessments.csv

COLLAB_PERIODS = months(2025, 5, 18)
COLLAB_LATE_START = (("NEL-03", 3), ("SEL-03", 6), ("SWL-03", 9))  # index into COLLAB_PERIODS
COLLAB_GAPS = (("NCL-02", "2025-12"), ("SEL-02", "2026-04"))         # no return that month


def team_start(team_id):
    for tid, start in COLLAB_LATE_START:
        if tid == team_id:
            return start
    return 0


def score_path(d, n_months):
    """Monthly IHI scale scores: a team-specific steady climb towards a ceiling, rounded to
    the half point and never reported lower than last month except for the odd slip."""
    start = d.pick((1.0, 1.0, 1.5, 1.5, 2.0))
    slope = 0.06 + 0.11 * d.unit()
    ceiling = d.pick((3.0, 3.5, 3.5, 4.0, 4.0, 4.5))
    path, score = [], start
    for t in range(n_months):
        level = min(ceiling, start + slope * t + d.normal(0.0, 0.25))
        score = max(score, math.floor(level * 2.0 + 0.5) / 2.0)
        if t > 0 and d.unit() < 0.04:
            score -= 0.5
        score = min(5.0, max(1.0, score))
        path.append(score)
    return path


def gen_collab_assessments(out_dir):
    d = Draw(SEED + 3)
    rows = []
    for tid, _name, _ws, _topic, _aim in COLLAB_TEAMS:
        start = team_start(tid)
        periods = COLLAB_PERIODS[start:]
        for period, score in zip(periods, score_path(d, len(periods))):
            if (tid, period) not in COLLAB_GAPS:
                rows.append((tid, period, "%.1f" % score))
    return write_csv(out_dir, "collab_assessments.csv", ("team_id", "period", "score"), rows)


# ------------------------------------------------------ 4. collab_attendance.csv

LS_MONTHS = ("2025-06", "2025-09", "2025-12", "2026-03", "2026-06", "2026-09")
WEBINARS = ("Introduction to the BCYP Collaborative",
            "Fireside chat: leading improvement across a system",
            "Data for improvement: run charts",
            "Child health hubs in practice",
            "Family hubs and the first 1001 days",
            "Driver diagrams and change ideas",
            "Testing changes with PDSA cycles",
            "Involving children, young people and families",
            "Measuring what matters: SPC for teams",
            "Asthma friendly schools: what we learned",
            "Spreading and sustaining improvement",
            "Introduction to the BCYP Collaborative: year 2")
ICS_ENGAGEMENT = (9.0, 14.0, 13.0, 8.0, 7.0)   # learning-session attendance per ICS at the start


def collab_events():
    """(date, type, name, month index) for every event, oldest first: a learning session on
    the second Thursday of each LS month, a webinar on the third Tuesday of every other month."""
    events, n_ls, n_web = [], 0, 0
    for i, period in enumerate(COLLAB_PERIODS):
        y, m = int(period[:4]), int(period[5:])
        if period in LS_MONTHS:
            n_ls += 1
            events.append((nth_weekday(y, m, 3, 2), "learning_session",
                           "Learning Session %d" % n_ls, i))
        else:
            events.append((nth_weekday(y, m, 1, 3), "webinar", "Webinar: " + WEBINARS[n_web], i))
            n_web += 1
    return events


def gen_collab_attendance(out_dir):
    d = Draw(SEED + 4)
    rows = []
    for date, kind, name, i in collab_events():
        growth = 1.0 + 0.9 * i / (len(COLLAB_PERIODS) - 1)
        scale = 1.0 if kind == "learning_session" else 0.45
        for (_code, ics), base in zip(COLLAB_ICS, ICS_ENGAGEMENT):
            rows.append((date.isoformat(), kind, name, ics, d.poisson(base * scale * growth)))
    return write_csv(out_dir, "collab_attendance.csv",
                     ("event_date", "event_type", "event_name", "ics", "attendees"), rows)


# ------------------------------------------------------------ 5. collab_pdsa.csv

CHANGE_IDEAS = {
    "Asthma": ("Asthma review within 2 days of an A&E attendance", "Personal asthma action plans",
               "Inhaler technique checks by school nurses", "Text reminders for preventer refills",
               "Asthma clinic in the family hub", "Home visit after a second attendance"),
    "Infant feeding": ("Infant feeding peer supporters in the family hub",
                       "Day 3 feeding check by phone", "Evening breastfeeding cafe",
                       "Feeding plan discussed at 34 weeks", "Video calls with a lactation nurse"),
    "System leadership": ("Monthly BCYP measure on every board agenda",
                          "Joint walk-rounds of family hubs", "Shared one-page dashboard",
                          "Quarterly story from a family at each board",
                          "Pooled budget for one shared pathway"),
    "Constipation": ("GP advice-and-guidance line for constipation",
                     'Parent leaflet, "Keeping things moving", in 5 languages',
                     "Nurse-led constipation clinic", "School nurse toileting plans",
                     "Pharmacy first for repeat laxatives"),
    "Speech, language and communication": ("Chatter groups at stay-and-play",
                                           "Early language screen at the 2-year review",
                                           "Books in every health visitor bag",
                                           "Talking tips by text for parents",
                                           "Speech therapist drop-in at the hub"),
    "Eczema": ("Emollient bundle at first presentation", "Eczema education group for parents",
               "Community pharmacist eczema checks", "Photo triage by the skin nurse",
               "Written eczema action plans"),
    "Perinatal mental health": ("Whooley questions at the 6-8 week review",
                                "Same-week referral to perinatal team", "Dads' wellbeing check",
                                "Peer support group at the hub", "Text check-in at 4 months"),
    "Voice of children and young people": ("Young inspectors visit services",
                                           "Youth panel at commissioning meetings",
                                           "Feedback QR codes in waiting rooms",
                                           "Paid youth advisers on project teams",
                                           "Young people co-chair the steering group"),
    "Sickle cell": ("Individual crisis care plans shared with A&E", "School sickle cell champions",
                    "Hydration packs at clinic visits", "Fast-track analgesia in A&E",
                    "Transition passport at 14"),
    "Healthy weight": ("Healthy start vouchers at booking", "Cook-and-eat sessions",
                       "Weight conversation training for nursery staff",
                       "Active play sessions at the hub", "Family goal cards at the 2-year review"),
    "Epilepsy": ("Transition clinic from age 14", "Ready Steady Go transition questionnaire",
                 "Named adult neurologist before transfer", "Seizure plans shared with schools",
                 "Joint clinic with the adult epilepsy nurse"),
    "Oral health": ("Toothbrush packs at the 1-year review", "Dental access slots for hub families",
                    "Supervised brushing in nurseries", "Fluoride varnish at the hub",
                    "Sugar swaps leaflet at weaning groups"),
    "Child health hubs": ("Monthly MDT with GP and paediatrician", "Virtual hub for urgent queries",
                          "Hub clinic in the GP surgery", "Shared care plans in the GP record",
                          "Hub case review with the school nurse"),
    "Coaching for improvement": ("Coaching pairs across boroughs", "Monthly QI huddle",
                                 "Coaching skills masterclass", "Peer observation of huddles",
                                 "Coaching log reviewed each quarter"),
}
PDSA_CUTOFF = datetime.date(2026, 10, 31)      # the last day the extract covers
LEVELS = ("low", "medium", "high")


def team_pdsa_cycles(d, tid, topic):
    """Consecutive cycles for one team: an adapted idea is tested again with more certainty,
    an adopted or abandoned one gives way to the next idea; a cycle still running at the
    cut-off is open (plan, do or study; no end date, no decision)."""
    y, m = (int(x) for x in COLLAB_PERIODS[team_start(tid)].split("-"))
    start = datetime.date(y, m, 1) + datetime.timedelta(days=45 + d.below(75))
    ideas, idea_no, rows, certainty = CHANGE_IDEAS[topic], 0, [], d.pick(LEVELS)
    while start <= PDSA_CUTOFF and idea_no < len(ideas):
        agreement = d.pick(("low", "medium", "medium", "high", "high"))
        end = start + datetime.timedelta(days=35 + d.below(70))
        cycle_id = "%s-C%02d" % (tid, len(rows) + 1)
        if end > PDSA_CUTOFF:
            rows.append((tid, cycle_id, ideas[idea_no], start.isoformat(), "",
                         open_stage(start, end), "", certainty, agreement))
            break
        decision = pdsa_decision(d, certainty)
        rows.append((tid, cycle_id, ideas[idea_no], start.isoformat(), end.isoformat(), "act",
                     decision, certainty, agreement))
        if decision == "adapt":
            certainty = LEVELS[min(2, LEVELS.index(certainty) + 1)]
        else:
            idea_no, certainty = idea_no + 1, d.pick(LEVELS)
        start = end + datetime.timedelta(days=7 + d.below(56))
    return rows


def open_stage(start, end):
    """Where an open cycle has got to at the cut-off, by the share of its time elapsed."""
    elapsed = (PDSA_CUTOFF - start).days / float((end - start).days)
    return "plan" if elapsed < 0.25 else ("do" if elapsed < 0.65 else "study")


def pdsa_decision(d, certainty):
    """Ideas held with little certainty are abandoned more often, confident ones adopted."""
    abandon, adapt = {"low": (0.35, 0.80), "medium": (0.10, 0.60), "high": (0.05, 0.35)}[certainty]
    u = d.unit()
    return "abandon" if u < abandon else ("adapt" if u < adapt else "adopt")


def gen_collab_pdsa(out_dir):
    d = Draw(SEED + 5)
    rows = []
    for tid, _name, _ws, topic, _aim in COLLAB_TEAMS:
        rows.extend(team_pdsa_cycles(d, tid, topic))
    return write_csv(out_dir, "collab_pdsa.csv",
                     ("team_id", "cycle_id", "change_idea", "start_date", "end_date", "stage",
                      "decision", "certainty", "agreement"), rows)


# ---------------------------------------------------------------- 6. ae_kpis.csv

# team, births a month (seed 004 teams; sizes invented)
AE_TEAMS = (("Hillfields", 45), ("Tile Hill", 30), ("Foleshill", 60), ("Radford", 40),
            ("Canley", 25), ("Stoke", 35), ("Spongate and St Augustine's", 40),
            ("Tommies and Flutterbies", 45), ("Richard Lee", 30), ("Willenhall", 35))
AE_PERIODS = months(2023, 11, 36)
# indicator, organisation, target, city % in the first year, in the last year (seed 004
# table 5), cohort size per birth, spread of team levels (percentage points)
AE_INDICATORS = (
    ("Early booking", "UHCW", 90, 88.5, 89.8, 1.05, 2.0),
    ("Smoking at delivery", "UHCW", 11, 13.4, 13.0, 1.00, 4.0),
    ("Breastfeeding initiation", "UHCW", 78, 74.9, 78.3, 1.00, 6.0),
    ("Breastfeeding at 6-8 weeks", "CWPT", 48, 43.1, 49.2, 0.98, 6.0),
    ("DPT coverage at 2 years", "CWPT", 95, 97.4, 96.8, 0.95, 1.0),
    ("MMR coverage at 5 years", "CWPT", 95, 93.0, 91.8, 0.90, 2.0),
    ("New birth review within 14 days", "CWPT", 95, 95.6, 96.4, 1.00, 1.5),
)


def kpi_city_level(first, last, i):
    """Straight line through the first-year mean (at month 5.5) and the last-year mean
    (month 29.5): the 6-8 week breastfeeding line is the one steep enough to be a trend."""
    slope = (last - first) / 24.0
    return first + slope * (i - 5.5)


def calibrate(d, cells, target):
    """Nudge numerators by one, in random cells, until the pooled % rounds to target
    (so the year means are exactly the seed's figures)."""
    den = sum(c[1] for c in cells)
    want = int(round(target * den / 100.0))
    assert abs(pct(want, den) - target) < 0.05
    have = sum(c[0] for c in cells)
    while have != want:
        c = cells[d.below(len(cells))]
        if want > have and c[0] < c[1]:
            c[0] += 1
            have += 1
        elif want < have and c[0] > 0:
            c[0] -= 1
            have -= 1


def kpi_cells(d, spec):
    """[numerator, denominator] per (team, month) for one indicator, pooled year means fixed."""
    _name, _org, _target, first, last, per_birth, spread = spec
    offsets = [d.normal(0.0, spread) for _ in AE_TEAMS]
    cells = {}
    for t, (_team, births) in enumerate(AE_TEAMS):
        for i, _period in enumerate(AE_PERIODS):
            den = max(5, d.poisson(births * per_birth))
            p = min(99.5, max(0.5, kpi_city_level(first, last, i) + offsets[t])) / 100.0
            cells[(t, i)] = [d.binomial(den, p), den]
    mid = (first + last) / 2.0
    for year, target in enumerate((first, mid, last)):
        year_cells = [cells[(t, i)] for t in range(len(AE_TEAMS))
                      for i in range(12 * year, 12 * year + 12)]
        calibrate(d, year_cells, round(target, 1))
    return cells


def gen_ae_kpis(out_dir):
    d = Draw(SEED + 6)
    all_cells = [kpi_cells(d, spec) for spec in AE_INDICATORS]
    rows = []
    for i, period in enumerate(AE_PERIODS):
        for t, (team, _births) in enumerate(AE_TEAMS):
            for spec, cells in zip(AE_INDICATORS, all_cells):
                num, den = cells[(t, i)]
                rows.append((team, spec[1], spec[0], period, num, den, spec[2]))
    return write_csv(out_dir, "ae_kpis.csv", ("team", "organisation", "indicator", "period",
                                              "numerator", "denominator", "target"), rows)


# ------------------------------------------------------------- 7. ae_maturity.csv

AE_QUARTERS = ("2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2",
               "2026-Q3")
AE_BANDING_QUARTER = "2026-Q2"
# domain, feature, how early teams tend to mature in it (higher = sooner)
AE_FEATURES = (
    ("Workforce integration", "Co-located clinics", 5),
    ("Workforce integration", "Shared caseload", 3),
    ("Workforce integration", "Joint training", 4),
    ("Workforce integration", "Joint home visits", 3),
    ("Workforce integration", "Named link workers", 4),
    ("Leadership", "Shared vision and aims", 4),
    ("Leadership", "Joint action planning", 3),
    ("Leadership", "Acting Early champion in post", 2),
    ("Engagement with other services", "Links with GP practices", 1),
    ("Engagement with other services", "Links with social care", 3),
    ("Engagement with other services", "Voluntary sector involvement", 2),
    ("Engagement with other services", "Parent involvement", 1),
    ("Weekly case meetings", "All agencies attend", 5),
    ("Weekly case meetings", "Cases shared before the meeting", 3),
    ("Weekly case meetings", "Actions followed up", 4),
)
# features mature (score >= 4) at 2026-Q2: 2 teams 10-15, 4 teams 5-9, 3 teams < 5, and
# Richard Lee's return is missing ("results are not available", seed 004 section 5.2)
AE_MATURE_AT_BANDING = (("Hillfields", 9), ("Tile Hill", 10), ("Foleshill", 10),
                        ("Radford", 7), ("Canley", 4), ("Stoke", 3),
                        ("Spongate and St Augustine's", 7), ("Tommies and Flutterbies", 8),
                        ("Richard Lee", 6), ("Willenhall", 2))
AE_MISSING_RETURN = ("Richard Lee", "2026-Q2")


def banding_scores(d, n_mature):
    """Scores at the banding quarter with exactly n_mature features at 4 or 5, chosen with a
    bias to the features teams usually mature in first."""
    keys = [(-(weight + 2.5 * d.unit()), k) for k, (_dom, _feat, weight) in enumerate(AE_FEATURES)]
    keys.sort()
    mature = set(k for _key, k in keys[:n_mature])
    return [(5 if d.unit() < 0.3 else 4) if k in mature else 1 + d.below(3)
            for k in range(len(AE_FEATURES))]


def team_maturity(d, n_mature):
    """Scores per quarter: rise towards the banding quarter, step back from it one quarter
    at a time, and creep up once more after it."""
    b = AE_QUARTERS.index(AE_BANDING_QUARTER)
    by_quarter = {b: banding_scores(d, n_mature)}
    for q in range(b - 1, -1, -1):
        by_quarter[q] = [max(0, s - (1 if d.unit() < 0.32 else 0)) for s in by_quarter[q + 1]]
    for q in range(b + 1, len(AE_QUARTERS)):
        by_quarter[q] = [min(5, s + (1 if d.unit() < 0.15 else 0)) for s in by_quarter[q - 1]]
    return by_quarter


def gen_ae_maturity(out_dir):
    d = Draw(SEED + 7)
    rows = []
    for team, n_mature in AE_MATURE_AT_BANDING:
        by_quarter = team_maturity(d, n_mature)
        for q, quarter in enumerate(AE_QUARTERS):
            if (team, quarter) == AE_MISSING_RETURN:
                continue
            for (domain, feature, _w), score in zip(AE_FEATURES, by_quarter[q]):
                rows.append((team, quarter, domain, feature, score))
    return write_csv(out_dir, "ae_maturity.csv",
                     ("team", "quarter", "domain", "feature", "score"), rows)


# -------------------------------------------------------------- 8. ae_survey.csv

# RAS has 7 respondents, not 5: with 5 every mean is a multiple of 0.2 and the published
# 5.7, 7.3, 6.1 ... could not be reached (k/7 rounds to .0 .1 .3 .4 .6 .7 .9, all needed).
AE_GROUPS = (("Children's centre manager", 24), ("Children's centre worker", 22),
             ("Health visitor", 26), ("Midwife", 14), ("RAS", 7))
AE_CATEGORIES = ("Appropriate referrals", "Earlier intervention", "Agency knowledge",
                 "Communicate effectively", "Root causes", "Ability to lead")
# group, category, mean before, mean after, published paired t-test p (tables 2 and 3)
AE_SURVEY_TABLE = (
    ("Children's centre manager", "Appropriate referrals", 4.5, 6.7, "<0.0001"),
    ("Children's centre manager", "Earlier intervention", 4.1, 7.0, "<0.0001"),
    ("Children's centre manager", "Agency knowledge", 7.2, 8.6, "<0.0001"),
    ("Children's centre manager", "Communicate effectively", 5.0, 7.4, "<0.0001"),
    ("Children's centre manager", "Root causes", 6.0, 7.7, "<0.0002"),
    ("Children's centre manager", "Ability to lead", 6.0, 7.5, "<0.0001"),
    ("Children's centre worker", "Appropriate referrals", 5.4, 8.0, "<0.0001"),
    ("Children's centre worker", "Earlier intervention", 5.2, 8.2, "<0.0001"),
    ("Children's centre worker", "Agency knowledge", 7.1, 8.4, "<0.0001"),
    ("Children's centre worker", "Communicate effectively", 6.1, 8.1, "=0.0001"),
    ("Children's centre worker", "Root causes", 6.6, 7.9, "<0.0001"),
    ("Children's centre worker", "Ability to lead", 5.9, 7.6, "<0.0001"),
    ("Health visitor", "Appropriate referrals", 5.8, 7.6, "=0.0003"),
    ("Health visitor", "Earlier intervention", 5.6, 7.4, "=0.0002"),
    ("Health visitor", "Agency knowledge", 5.8, 7.7, "<0.0001"),
    ("Health visitor", "Communicate effectively", 5.8, 7.8, "=0.0001"),
    ("Health visitor", "Root causes", 7.4, 8.2, "=0.02"),
    ("Health visitor", "Ability to lead", 6.3, 7.6, "=0.003"),
    ("Midwife", "Appropriate referrals", 4.9, 7.6, "=0.002"),
    ("Midwife", "Earlier intervention", 4.9, 8.3, "=0.002"),
    ("Midwife", "Agency knowledge", 5.1, 7.7, "=0.005"),
    ("Midwife", "Communicate effectively", 6.2, 8.4, "=0.02"),
    ("Midwife", "Root causes", 6.0, 7.8, "=0.01"),
    ("Midwife", "Ability to lead", 5.5, 7.6, "=0.006"),
    ("RAS", "Appropriate referrals", 5.7, 7.3, "=0.051"),
    ("RAS", "Earlier intervention", 5.4, 7.7, "=0.02"),
    ("RAS", "Agency knowledge", 6.1, 7.0, "=0.045"),
    ("RAS", "Communicate effectively", 6.7, 7.4, "=0.094"),
    ("RAS", "Root causes", 7.6, 7.7, "=0.356"),
    ("RAS", "Ability to lead", 6.6, 7.1, "=0.172"),
)
# cells where one respondent left "after" blank (all in large groups with p < 0.0001)
AE_SURVEY_BLANKS = (("Children's centre manager", "Agency knowledge"),
                    ("Children's centre worker", "Earlier intervention"),
                    ("Children's centre worker", "Ability to lead"),
                    ("Health visitor", "Agency knowledge"))


def t_two_sided_p(t, df):
    """Two-sided p of Student's t for integer df (Abramowitz and Stegun 26.7.3-4), so the
    generator needs no scipy."""
    theta = math.atan(abs(t) / math.sqrt(df))
    s, c = math.sin(theta), math.cos(theta)
    if df % 2 == 1:
        total, term = 0.0, c
        for j in range(1, (df - 1) // 2 + 1):
            total += term
            term *= c * c * (2 * j) / (2 * j + 1)
        a = 2.0 / math.pi * (theta + s * total) if df > 1 else 2.0 * theta / math.pi
    else:
        total, term = 0.0, 1.0
        for j in range(1, df // 2 + 1):
            total += term
            term *= c * c * (2 * j - 1) / (2 * j)
        a = s * total
    return max(0.0, 1.0 - a)


def paired_p(before, after):
    n = len(before)
    diffs = [a - b for a, b in zip(after, before)]
    mean = sum(diffs) / n
    var = sum((x - mean) ** 2 for x in diffs) / (n - 1)
    if var == 0:
        return 0.0 if mean else 1.0
    return t_two_sided_p(mean / math.sqrt(var / n), n - 1)


def p_goal(published):
    """The p to aim for: the published value, or well inside a '<' bound (for '<0.0002',
    between 0.0001 and 0.0002, which is how that odd entry reads)."""
    value = float(published[1:])
    if published[0] == "=":
        return value
    return 1.5e-4 if value == 0.0002 else 2e-6


def p_in_region(p, published):
    value = float(published[1:])
    if published[0] == "<":
        return p < value and (value != 0.0002 or p >= 0.0001)
    same_call = (p <= 0.05) == (value <= 0.05)
    return p > 0 and same_call and abs(math.log(p / value)) < math.log(1.35)


def spread_diffs(d, n, total, p_target):
    """Integer differences summing to total, spread by random unit moves (which on average
    raise the variance, and so the paired t-test p) until p passes p_target; returns the state
    whose p was nearest on a log scale, with that distance."""
    diffs = [total // n + (1 if i < total % n else 0) for i in range(n)]
    d.shuffle(diffs)
    best, best_gap = list(diffs), None
    for _ in range(2000):
        p = paired_p([0] * n, diffs)
        gap = abs(math.log(max(p, 1e-300) / p_target))
        if best_gap is None or gap < best_gap:
            best, best_gap = list(diffs), gap
        if p > p_target:
            break
        i, j = d.below(n), d.below(n)
        if i != j and diffs[i] < 7 and diffs[j] > -3:
            diffs[i] += 1
            diffs[j] -= 1
    return best, best_gap


def before_scores(d, diffs, total):
    """Before scores summing to total, each leaving room for before + diff within 0..10;
    those who improved most tend to have started lowest."""
    n = len(diffs)
    mean_b, mean_d = total / n, sum(diffs) / n
    lo = [max(0, -x) for x in diffs]
    hi = [min(10, 10 - x) for x in diffs]
    if not sum(lo) <= total <= sum(hi):
        return None
    b = [min(hi[i], max(lo[i], int(round(mean_b - 0.4 * (diffs[i] - mean_d) + d.normal(0, 1.3)))))
         for i in range(n)]
    while sum(b) != total:
        i = d.below(n)
        step = 1 if sum(b) < total else -1
        if lo[i] <= b[i] + step <= hi[i]:
            b[i] += step
    return b


def survey_cell(d, n, mean_b, mean_a, published):
    """(before, after) for n complete pairs with the published means (to one decimal) and a
    paired t-test p in the published region."""
    sb, sa = int(round(mean_b * n)), int(round(mean_a * n))
    assert abs(sb / n - mean_b) < 0.0499 and abs(sa / n - mean_a) < 0.0499
    goal, best = p_goal(published), None
    for _ in range(300):
        diffs, gap = spread_diffs(d, n, sa - sb, goal)
        b = before_scores(d, diffs, sb)
        if b is not None and (best is None or gap < best[0]):
            best = (gap, b, [x + y for x, y in zip(b, diffs)])
        if best is not None and best[0] < 0.01:
            break
    return best[1], best[2]


def survey_blank_before(n, partial_sum, mean_b):
    """Before score of the respondent who skipped 'after' that keeps the mean over all n
    respondents on the published figure."""
    fits = [x for x in range(11) if abs((partial_sum + x) / n - mean_b) < 0.0499]
    assert fits, "no before score keeps the mean"
    return min(fits, key=lambda x: (abs(x - mean_b), x))


def survey_group(d, group, n):
    """{category: (before list, after list)} for one professional group; a blank 'after' is None."""
    out = {}
    for g, cat, mean_b, mean_a, published in AE_SURVEY_TABLE:
        if g != group:
            continue
        if (g, cat) in AE_SURVEY_BLANKS:
            before, after = survey_cell(d, n - 1, mean_b, mean_a, published)
            at = d.below(n)
            before.insert(at, survey_blank_before(n, sum(before), mean_b))
            after.insert(at, None)
        else:
            before, after = survey_cell(d, n, mean_b, mean_a, published)
        out[cat] = (before, after)
    return out


def gen_ae_survey(out_dir):
    d = Draw(SEED + 8)
    people = []       # (group, index within group, team)
    answers = {}
    for group, n in AE_GROUPS:
        answers[group] = survey_group(d, group, n)
        people.extend((group, k, d.pick(AE_TEAMS)[0]) for k in range(n))
    d.shuffle(people)  # respondents arrive interleaved, as from an online survey
    rows = []
    for r, (group, k, team) in enumerate(people):
        for cat in AE_CATEGORIES:
            before, after = answers[group][cat]
            rows.append(("S%03d" % (r + 1), team, group, cat, before[k],
                         "" if after[k] is None else after[k]))
    return write_csv(out_dir, "ae_survey.csv", ("respondent_id", "team", "professional_group",
                                                "category", "before", "after"), rows)


# ------------------------------------------------------------- 9. ae_outcomes.csv

# seed 004 table 4 for 2013-2016, exactly; later years invented (no reception-year profile in
# 2020 and 2021, as in the pandemic).  A status word instead of a number means no value.
AE_OUTCOMES = (
    ("Good level of development at end of reception (%)",
     ("61.7", "55.4", "59.6", "63.9", "64.8", "65.9", "66.4", "no_data", "no_data",
      "61.2", "63.0", "64.1", "65.3", "no_data")),
    ("Obese children aged 4-5 (%)",
     ("11.2", "8.7", "11.3", "9.9", "10.4", "10.1", "10.8", "incomplete", "12.6", "10.9",
      "10.2", "10.0", "9.7", "no_data")),
    ("Small for gestational age babies",
     ("no_data", "incomplete", "1015", "719", "702", "688", "671", "659", "664", "640",
      "633", "618", "607", "incomplete")),
    ("Looked-after children under 5 at period end",
     ("68", "82", "88", "101", "108", "112", "104", "99", "95", "97", "93", "90", "86", "84")),
    ("Child protection plans under 5 at period end",
     ("494", "575", "672", "501", "488", "462", "471", "430", "418", "409", "397", "385", "371",
      "366")),
)
AE_OUTCOME_YEARS = tuple(range(2013, 2027))
STATUSES = ("no_data", "incomplete")


def gen_ae_outcomes(out_dir):
    rows = []
    for outcome, values in AE_OUTCOMES:
        assert len(values) == len(AE_OUTCOME_YEARS)
        for year, value in zip(AE_OUTCOME_YEARS, values):
            if value in STATUSES:
                rows.append((outcome, year, "", value))
            else:
                rows.append((outcome, year, value, "ok"))
    return write_csv(out_dir, "ae_outcomes.csv", ("outcome", "year", "value", "status"), rows)


# ------------------------------------------------------------------- summary

GENERATORS = (("maternity.csv", gen_maternity), ("collab_teams.csv", gen_collab_teams),
              ("collab_assessments.csv", gen_collab_assessments),
              ("collab_attendance.csv", gen_collab_attendance),
              ("collab_pdsa.csv", gen_collab_pdsa), ("ae_kpis.csv", gen_ae_kpis),
              ("ae_maturity.csv", gen_ae_maturity), ("ae_survey.csv", gen_ae_survey),
              ("ae_outcomes.csv", gen_ae_outcomes))


def read_rows(out_dir, name):
    with open(os.path.join(out_dir, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def maternity_figures(out_dir):
    rows = read_rows(out_dir, "maternity.csv")
    tot = lambda key, pred=lambda r: True: sum(int(r[key]) for r in rows if pred(r))
    white = lambda r: r["ethnic_group"] == "White"
    bame = lambda r: not white(r)
    before = lambda r: r["period"] < MAT_CHANGE
    lines = ["total births %d, stillbirths %d (%.2f per 1,000 total births), neonatal deaths %d "
             "(%.2f per 1,000 live births)"
             % (tot("total_births"), tot("stillbirths"),
                1000.0 * tot("stillbirths") / tot("total_births"), tot("neonatal_deaths"),
                1000.0 * tot("neonatal_deaths") / tot("live_births"))]
    for label, grp in (("White", white), ("BAME", bame)):
        b = pct(tot("pph_1000ml", lambda r: grp(r) and before(r)),
                tot("maternities", lambda r: grp(r) and before(r)))
        a = pct(tot("pph_1000ml", lambda r: grp(r) and not before(r)),
                tot("maternities", lambda r: grp(r) and not before(r)))
        lines.append("PPH >= 1000 mL %-5s before %s %.1f%%, from %s %.1f%%"
                     % (label, MAT_CHANGE, b, MAT_CHANGE, a))
    return lines


def longest_run(values, centre):
    """Longest run of points on one side of centre; a point on it neither extends nor breaks."""
    longest, run, side = 0, 0, 0
    for v in values:
        here = (v > centre) - (v < centre)
        if here:
            run, side = (run + 1, side) if here == side else (1, here)
            longest = max(longest, run)
    return longest


def longest_rise(values):
    """Most consecutive points each higher than the one before (MDC trend: 6 or more)."""
    best, run = 1, 1
    for prev, v in zip(values, values[1:]):
        run = run + 1 if v > prev else 1
        best = max(best, run)
    return best


def monthly_pct(rows, periods, num, den, pred):
    out = []
    for period in periods:
        sel = [r for r in rows if r["period"] == period and pred(r)]
        out.append((sum(int(r[num]) for r in sel), sum(int(r[den]) for r in sel)))
    return out


def pattern_figures(out_dir):
    """(text, run length) for the three built-in patterns, as a chart would see them."""
    mat = read_rows(out_dir, "maternity.csv")
    pph = monthly_pct(mat, MAT_PERIODS, "pph_1000ml", "maternities",
                      lambda r: r["ethnic_group"] != "White")
    centre = pct(sum(n for n, _m in pph), sum(m for _n, m in pph))
    pph_run = longest_run([pct(n, m) for n, m in pph], centre)
    ra = monthly_pct(mat, MAT_PERIODS, "pph_risk_assessed", "bookings", lambda r: True)
    ra_rise = longest_rise([pct(n, m) for n, m in ra])
    is_bf = lambda r: r["indicator"] == "Breastfeeding at 6-8 weeks"
    bf = [pct(n, m) for n, m in monthly_pct(read_rows(out_dir, "ae_kpis.csv"), AE_PERIODS,
                                             "numerator", "denominator", is_bf)]
    bf_sorted = sorted(bf)
    bf_run = longest_run(bf, (bf_sorted[len(bf) // 2 - 1] + bf_sorted[len(bf) // 2]) / 2.0)
    return [("BAME PPH %% by month, 36-month centre %.1f%%: longest run on one side %d "
             "(Anhoej limit for 36 points: 8)" % (centre, pph_run), pph_run >= 8),
            ("PPH risk assessed %% of bookings: %.0f%% (2023-11) -> %.0f%% (2026-10), longest "
             "rise %d months (MDC trend: 6)" % (pct(*ra[0]), pct(*ra[-1]), ra_rise), ra_rise >= 6),
            ("city breastfeeding at 6-8 weeks by month: longest run about the median %d "
             "(Anhoej limit: 8)" % bf_run, bf_run >= 8)]


def main_summary(out_dir, counts):
    print("wrote %s" % out_dir)
    for (name, _gen), n in zip(GENERATORS, counts):
        print("  %-24s %5d rows" % (name, n))
    for line in maternity_figures(out_dir) + [text for text, _ok in pattern_figures(out_dir)]:
        print("  " + line)


# ------------------------------------------------------------------- --check


def check_maternity(out_dir, problems):
    for k, r in enumerate(read_rows(out_dir, "maternity.csv"), start=2):
        v = {key: int(r[key]) for key in MAT_HEADER[5:]}
        ok = (min(v.values()) >= 0 and v["total_births"] == v["live_births"] + v["stillbirths"]
              and v["neonatal_deaths"] <= v["live_births"] and v["pph_1000ml"] <= v["maternities"]
              and v["pph_risk_assessed"] <= v["bookings"] and v["maternities"] <= v["total_births"])
        if not ok:
            problems.append("maternity.csv:%d breaks a rule" % k)


def check_kpis(out_dir, problems):
    rows = read_rows(out_dir, "ae_kpis.csv")
    for k, r in enumerate(rows, start=2):
        if not 0 <= int(r["numerator"]) <= int(r["denominator"]) or int(r["denominator"]) == 0:
            problems.append("ae_kpis.csv:%d numerator/denominator" % k)
    print("ae_kpis pooled city %: first year (2023-11..2024-10) -> last year (2025-11..2026-10)")
    for name, _org, _t, first, last, _pb, _sd in AE_INDICATORS:
        got = []
        for lo, hi in (("2023-11", "2024-10"), ("2025-11", "2026-10")):
            sel = [r for r in rows if r["indicator"] == name and lo <= r["period"] <= hi]
            got.append(pct(sum(int(r["numerator"]) for r in sel),
                           sum(int(r["denominator"]) for r in sel)))
        flag = "" if (round(got[0], 1), round(got[1], 1)) == (first, last) else "  MISMATCH"
        if flag:
            problems.append("ae_kpis.csv %s year means" % name)
        print("  %-32s %5.1f -> %5.1f  (seed %.1f -> %.1f)%s"
              % (name, got[0], got[1], first, last, flag))


def check_maturity(out_dir, problems):
    rows = [r for r in read_rows(out_dir, "ae_maturity.csv") if r["quarter"] == AE_BANDING_QUARTER]
    mature = {}
    for r in rows:
        mature[r["team"]] = mature.get(r["team"], 0) + (int(r["score"]) >= 4)
    bands = [sum(1 for m in mature.values() if lo <= m <= hi) for lo, hi in
             ((10, 15), (5, 9), (0, 4))]
    print("ae_maturity %s: %d teams rated; mature in 10-15: %d, 5-9: %d, <5: %d; %s"
          % (AE_BANDING_QUARTER, len(mature), bands[0], bands[1], bands[2],
             ", ".join("%s %d" % (t, mature[t]) for t, _n in AE_MATURE_AT_BANDING if t in mature)))
    if bands != [2, 4, 3] or mature.get("Tile Hill") != 10 or mature.get("Foleshill") != 10:
        problems.append("ae_maturity.csv banding")


def check_survey(out_dir, problems):
    try:
        from scipy import stats
    except ImportError:
        print("ae_survey: scipy not found, t-tests not checked (use /usr/bin/python3)")
        stats = None
    rows = read_rows(out_dir, "ae_survey.csv")
    print("ae_survey: group / category: mean before, after (complete pairs; all answers) p")
    for group, cat, mean_b, mean_a, published in AE_SURVEY_TABLE:
        sel = [r for r in rows if r["professional_group"] == group and r["category"] == cat]
        pairs = [(int(r["before"]), int(r["after"])) for r in sel if r["after"] != ""]
        b_all = [int(r["before"]) for r in sel]
        mb, ma = sum(b for b, _a in pairs) / len(pairs), sum(a for _b, a in pairs) / len(pairs)
        mb_all = sum(b_all) / len(b_all)
        p = (stats.ttest_rel([a for _b, a in pairs], [b for b, _a in pairs]).pvalue
             if stats else paired_p([b for b, _a in pairs], [a for _b, a in pairs]))
        ok = (round(mb, 1) == mean_b and round(mb_all, 1) == mean_b and round(ma, 1) == mean_a
              and p_in_region(p, published))
        if not ok:
            problems.append("ae_survey.csv %s / %s" % (group, cat))
        print("  %-26s %-24s %4.2f %4.2f (%4.2f) n=%2d/%2d p=%.3g published %s%s"
              % (group, cat, mb, ma, mb_all, len(pairs), len(sel), p, published,
                 "" if ok else "  MISMATCH"))


ZERO_TO_TEN = tuple(str(x) for x in range(11))
# CONTRACTS.md section 5, typed out again so the check does not trust the generator:
# file, header, the "one row per" key, columns holding a score and its allowed values
CANONICAL = (
    ("maternity.csv", MAT_HEADER, ("org_code", "site", "period", "ethnic_group"), ()),
    ("collab_teams.csv", ("team_id", "team_name", "ics", "workstream", "topic", "aim"),
     ("team_id",), ()),
    ("collab_assessments.csv", ("team_id", "period", "score"), ("team_id", "period"),
     (("score", tuple("%.1f" % (x / 2.0) for x in range(2, 11))),)),
    ("collab_attendance.csv", ("event_date", "event_type", "event_name", "ics", "attendees"),
     ("event_date", "event_name", "ics"),
     (("event_type", ("learning_session", "webinar")),)),
    ("collab_pdsa.csv", ("team_id", "cycle_id", "change_idea", "start_date", "end_date", "stage",
                         "decision", "certainty", "agreement"), ("team_id", "cycle_id"),
     (("stage", ("plan", "do", "study", "act")), ("decision", ("adopt", "adapt", "abandon", "")),
      ("certainty", LEVELS), ("agreement", LEVELS))),
    ("ae_kpis.csv", ("team", "organisation", "indicator", "period", "numerator", "denominator",
                     "target"), ("team", "organisation", "indicator", "period"), ()),
    ("ae_maturity.csv", ("team", "quarter", "domain", "feature", "score"),
     ("team", "quarter", "feature"), (("score", tuple(str(x) for x in range(6))),)),
    ("ae_survey.csv", ("respondent_id", "team", "professional_group", "category", "before",
                       "after"), ("respondent_id", "category"),
     (("before", ZERO_TO_TEN), ("after", ZERO_TO_TEN + ("",)))),
    ("ae_outcomes.csv", ("outcome", "year", "value", "status"), ("outcome", "year"),
     (("status", ("ok", "no_data", "incomplete")),)),
)


def check_format(out_dir, problems):
    """Encoding, line ends, exact header, unique keys and values on their scales."""
    for name, header, key, scales in CANONICAL:
        with open(os.path.join(out_dir, name), "rb") as f:
            data = f.read()
        if data.startswith(b"\xef\xbb\xbf") or b"\r" in data:
            problems.append("%s: BOM or CR" % name)
        if data.decode("utf-8").split("\n", 1)[0] != ",".join(header):
            problems.append("%s: header differs from CONTRACTS.md" % name)
            continue
        rows = read_rows(out_dir, name)
        if len(set(tuple(r[k] for k in key) for r in rows)) != len(rows):
            problems.append("%s: duplicate key %s" % (name, ",".join(key)))
        for col, allowed in scales:
            if any(r[col] not in allowed for r in rows):
                problems.append("%s: %s off its scale" % (name, col))


def check_pdsa(out_dir, problems):
    for k, r in enumerate(read_rows(out_dir, "collab_pdsa.csv"), start=2):
        closed = r["stage"] == "act"
        if closed != (r["end_date"] != "") or closed != (r["decision"] != "") or \
                (closed and r["end_date"] < r["start_date"]):
            problems.append("collab_pdsa.csv:%d stage, end_date and decision disagree" % k)


def check_files(out_dir):
    problems = []
    check_format(out_dir, problems)
    check_pdsa(out_dir, problems)
    check_maternity(out_dir, problems)
    for text, ok in pattern_figures(out_dir):
        print("pattern: " + text)
        if not ok:
            problems.append("pattern lost: " + text)
    for line in maternity_figures(out_dir):
        print("maternity: " + line)
    check_kpis(out_dir, problems)
    check_maturity(out_dir, problems)
    check_survey(out_dir, problems)
    for p in problems:
        print("PROBLEM: " + p)
    print("check: %s" % ("ok" if not problems else "%d problem(s)" % len(problems)))
    return 1 if problems else 0


def main():
    default_out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples",
                               "extracts")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.normpath(default_out), help="output directory")
    ap.add_argument("--check", action="store_true", help="verify the files in --out")
    args = ap.parse_args()
    if args.check:
        return check_files(args.out)
    os.makedirs(args.out, exist_ok=True)
    counts = [gen(args.out) for _name, gen in GENERATORS]
    main_summary(args.out, counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
