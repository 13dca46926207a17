"""A synthetic newsroom corpus: a casetrack database (or seed files) of a given size.

Deterministic from ``--seed``: the same seed and sizes give the same rows, byte for byte.
Case sizes are skewed (a few cases with 10,000+ filings, most with a handful), dates come
at day, month and year precision (some approximate, some with the source's words), every
vocabulary value is valid, every slug is unique, and every record is cited.

    python benchmarks/generate.py --db benchmarks/out/large.db            # default sizes
    python benchmarks/generate.py --db /tmp/q.db --scale 0.01             # 1/100 of them
    python benchmarks/generate.py --seed-files 5000 --out /tmp/seed5000   # YAML seed files

The database is written with :func:`casetrack.bulk.bulk_import`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import words as W  # noqa: E402
from casetrack.bulk import TableRows  # noqa: E402
from casetrack.dates import iso_at_precision  # noqa: E402
from casetrack.models import metadata  # noqa: E402
from casetrack.tables import TABLE_ORDER  # noqa: E402


def _d4(name: str) -> tuple[str, ...]:
    return (name, f"{name}_precision", f"{name}_approximate", f"{name}_text")


COLUMNS: dict[str, tuple[str, ...]] = {
    "source": ("id", "slug", "kind", "title", "publisher", "author", *_d4("date_published"), "file",
               "first_line", "last_line"),
    "court": ("id", "slug", "name", "short_name", "jurisdiction", "location"),
    "party": ("id", "slug", "name", "kind", "short_name", "description"),
    "legal_case": ("id", "slug", "case_name", "short_name", "kind", "court_id", "docket_number", "nature_of_suit",
                   *_d4("date_filed"), *_d4("date_terminated"), "disposition", "parent_id", "summary"),
    "case_role": ("id", "slug", "case_id", "party_id", "role", "for_party_id", *_d4("until"), "note", "position"),
    "filing": ("id", "slug", "case_id", "kind", "title", "filed_by_id", "author_id", "exhibit_to_id",
               *_d4("date_filed"), "description", *_d4("date_written")),
    "deposition": ("id", "slug", "case_id", "deponent_id", "on_behalf_of_id", "taken_by_id", *_d4("date_taken"),
                   "description"),
    "ruling": ("id", "slug", "case_id", "kind", "title", "judge_id", *_d4("date_decided"), "outcome", "citation",
               "description"),
    "sanction": ("id", "slug", "ruling_id", "party_id", "kind", "description"),
    "event": ("id", "slug", "case_id", "kind", "title", *_d4("date"), "location", "description"),
    "case_status": ("id", "slug", "case_id", "status", *_d4("as_of"), "set_by_filing_id", "set_by_ruling_id",
                    "set_by_event_id", "note"),
    "quote": ("id", "slug", "text", "speaker_id", "setting", "case_id", "deposition_id", "ruling_id", "filing_id",
              "event_id", *_d4("date"), "context", "source_id", "source_locator"),
    "quote_case": ("id", "slug", "quote_id", "case_id"),
    "citation": ("id", "slug", "subject_type", "subject_id", "source_id", "locator", "confidence", "note",
                 "position"),
}  # fmt: skip
COL = {t: {c: i for i, c in enumerate(cols)} for t, cols in COLUMNS.items()}


@dataclass(frozen=True)
class Sizes:
    cases: int = 100_000
    filings: int = 1_000_000
    quotes: int = 300_000
    parties: int = 50_000
    #: filings of the largest cases (the rest share what is left, log-normally)
    giants: tuple[int, ...] = (22_000, 15_000, 11_000)
    #: paragraphs per source text (seed files only)
    paragraphs: int = 60
    #: sources (articles) cited; default one per five cases
    n_sources: int | None = None

    def scaled(self, factor: float, *, giants: tuple[int, ...] | None = None) -> Sizes:
        g = giants if giants is not None else tuple(max(1, int(x * factor)) for x in self.giants)
        return replace(
            self,
            cases=max(10, int(self.cases * factor)),
            filings=max(sum(g) + 10, int(self.filings * factor)),
            quotes=max(20, int(self.quotes * factor)),
            parties=max(60, int(self.parties * factor)),
            giants=g,
        )

    @property
    def sources(self) -> int:
        return self.n_sources if self.n_sources is not None else max(20, self.cases // 5)


@dataclass
class Corpus:
    """Rows per table (ids from 1, in dependency order) and what the benchmarks need to know."""

    tables: dict[str, list[tuple[Any, ...]]]
    largest_case: str
    largest_timeline: int
    queries: list[str]
    texts: dict[str, list[str]] = field(default_factory=dict)  # source slug -> paragraphs (seed files)

    def rows(self) -> dict[str, TableRows]:
        """The rows by table, as the schema has them: the generator keeps a filing's filer and
        a quote's speaker as party ids; every party gets an actor with the same id (schema v2)."""
        out = {t: TableRows(COLUMNS[t], rows) for t, rows in self.tables.items()}
        parties, filings = self.tables["party"], self.tables["filing"]
        out["actor"] = TableRows(
            ("id", "slug", "kind", "name", "party_id"), [(p[0], p[1], "party", p[2], p[0]) for p in parties]
        )
        filer = COL["filing"]["filed_by_id"]
        keep = [i for i in range(len(COLUMNS["filing"])) if i != filer]
        out["filing"] = TableRows(
            tuple(COLUMNS["filing"][i] for i in keep), [tuple(f[i] for i in keep) for f in filings]
        )
        out["filing_filer"] = TableRows(
            ("id", "slug", "filing_id", "actor_id", "position"),
            [
                (n, f"{f[1]}--{parties[f[filer] - 1][1]}", f[0], f[filer], 0)
                for n, f in enumerate((f for f in filings if f[filer]), 1)
            ],
        )
        quote = list(COLUMNS["quote"])
        quote[COL["quote"]["speaker_id"]] = "speaker_actor_id"
        out["quote"] = TableRows(tuple(quote), self.tables["quote"])
        order = list(TABLE_ORDER)
        # The tables the generator leaves empty are given too, with all their columns.
        empty = {t: TableRows(tuple(c.name for c in metadata.tables[t].columns), []) for t in order}
        return {t: out.get(t, empty[t]) for t in order}

    def counts(self) -> dict[str, int]:
        return {t: len(list(r.rows)) for t, r in self.rows().items()}

    @property
    def total(self) -> int:
        return sum(self.counts().values())


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, limit: int = 60) -> str:
    return _NON_SLUG.sub("-", text.lower()).strip("-")[:limit].strip("-") or "x"


class _Slugs:
    """Unique slugs: 'smith-v-jones', then 'smith-v-jones-2', ..."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        base = slugify(text)
        n = self.seen.get(base, 0) + 1
        self.seen[base] = n
        if n == 1:
            return base
        slug = f"{base}-{n}"
        while slug in self.seen:  # 'smith-2' may itself have been a base
            n += 1
            slug = f"{base}-{n}"
        self.seen[base] = n
        self.seen[slug] = 1
        return slug


FIRST_DAY = dt.date(2012, 1, 1).toordinal()
LAST_DAY = dt.date(2026, 6, 30).toordinal()


class Generator:
    def __init__(self, sizes: Sizes, seed: int = 1, *, seed_files: bool = False) -> None:
        self.sizes = sizes
        self.seed = seed
        self.r = random.Random(seed)
        self.seed_files = seed_files
        self.t: dict[str, list[tuple[Any, ...]]] = {name: [] for name in COLUMNS}
        self.vocab_cw = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(W.VOCAB))))

    # --- helpers -----------------------------------------------------------------------

    def words(self, k: int) -> list[str]:
        return self.r.choices(W.VOCAB, cum_weights=self.vocab_cw, k=k)

    def skewed(self, n: int, power: float = 2.5) -> int:
        """An index in range(n), small ones far more likely (popular parties, busy outlets)."""
        return min(n - 1, int(n * self.r.random() ** power))

    def date(
        self, ordinal: int, *, p_month: float = 0.08, p_year: float = 0.02, p_approx: float = 0.03
    ) -> tuple[Any, ...]:
        """The four date columns: ISO first day of the period, precision, approximate, text."""
        r = self.r
        d = dt.date.fromordinal(min(max(ordinal, FIRST_DAY), LAST_DAY))
        u = r.random()
        if u < p_year:
            d, precision = d.replace(month=1, day=1), "year"
        elif u < p_year + p_month:
            d, precision = d.replace(day=1), "month"
        else:
            precision = "day"
        approximate = r.random() < p_approx
        said = r.choice(W.APPROX_WORDS) if approximate and r.random() < 0.5 else None
        return (d.isoformat(), precision, approximate, said)

    NO_DATE = (None, None, False, None)

    def cite(self, table: str, slug: str, record_id: int, n: int | None = None) -> None:
        r = self.r
        n = n if n is not None else (1 if r.random() < 0.7 else 2)
        cites = self.t["citation"]
        n_sources = len(self.t["source"])
        paragraphs = self.sizes.paragraphs
        for i in range(n):
            source = self.skewed(n_sources, 1.6) + 1
            confidence = "medium" if r.random() < 0.04 else "high"
            cites.append((len(cites) + 1, f"{table}/{slug}/{i + 1}", table, record_id, source,
                          f"p{r.randint(1, paragraphs)}", confidence, None, i))  # fmt: skip

    # --- the shared files ---------------------------------------------------------------

    def gen_sources(self) -> None:
        r = self.r
        rows = self.t["source"]
        slugs = _Slugs()
        for i in range(self.sizes.sources):
            publisher = W.PUBLISHERS[self.skewed(len(W.PUBLISHERS), 1.5)]
            kind = r.choices(["article", "video", "comment", "court_records"], cum_weights=[85, 93, 95, 100])[0]
            topic = r.choice(W.TOPICS)
            who = r.choice(W.LAST_NAMES)
            title = r.choice([
                f"{who} Sues Over {topic.title()} Claims",
                f"Judge Weighs Sanctions in {topic.title()} Case",
                f"What the Records Show About {topic.title()}",
                f"{who} Settles Defamation Suit Over {topic.title()}",
                f"Inside the Fight Over {topic.title()}",
            ])  # fmt: skip
            slug = slugs(f"{slugify(publisher, 12)}-{slugify(title, 40)}")
            author = f"{r.choice(W.FIRST_NAMES)} {r.choice(W.LAST_NAMES)}" if kind != "court_records" else None
            date = self.date(r.randint(FIRST_DAY, LAST_DAY), p_month=0.02, p_year=0.0, p_approx=0.0)
            file = f"src-{i + 1:05d}.txt" if self.seed_files else None
            lines = (1, self.sizes.paragraphs) if self.seed_files else (None, None)
            rows.append((i + 1, slug, kind, title, publisher, author, *date, file, *lines))

    def gen_courts(self) -> None:
        r = self.r
        rows = self.t["court"]
        slugs = _Slugs()
        self.federal_courts: list[int] = []
        self.state_courts: list[int] = []
        self.discipline_courts: list[int] = []

        def add(name: str, short: str | None, jurisdiction: str, location: str | None) -> int:
            court_id = len(rows) + 1
            slug = slugs(name)
            rows.append((court_id, slug, name, short, jurisdiction, location))
            self.cite("court", slug, court_id, 1)
            return court_id

        for state, abbr in W.STATES:
            for district in r.sample(W.DISTRICTS, r.randint(1, 3)):
                letter = district[0]
                self.federal_courts.append(add(
                    f"U.S. District Court for the {district} District of {state}", f"{letter}.D. {abbr}",
                    "federal", r.choice(W.CITIES),
                ))  # fmt: skip
            self.state_courts.append(add(f"Supreme Court of {state}", f"{abbr} Sup. Ct.", "state", None))
            self.discipline_courts.append(add(f"{state} Attorney Discipline Board", None, "state", None))
        for n in range(1, 12):
            suffix = {1: "st", 2: "nd", 3: "rd"}.get(n, "th")
            self.federal_courts.append(
                add(f"U.S. Court of Appeals for the {n}{suffix} Circuit", f"{n}{suffix} Cir.", "federal", None)
            )
        for county in W.COUNTIES:
            state, abbr = r.choice(W.STATES)
            kind = r.choice(["Superior Court", "District Court", "Circuit Court", "Court of Common Pleas"])
            self.state_courts.append(add(f"{county} County {kind} ({state})", f"{county} Cnty. {abbr}", "state",
                                         f"{county} County, {state}"))  # fmt: skip

    def gen_parties(self) -> None:
        r = self.r
        rows = self.t["party"]
        slugs = _Slugs()
        n = self.sizes.parties
        self.judges: list[int] = []
        self.lawyers: list[int] = []
        self.people: list[int] = []
        self.media: list[int] = []
        self.orgs: list[int] = []
        self.short: dict[int, str] = {}
        for i in range(n):
            party_id = i + 1
            u = r.random()
            if u < 0.70:
                first, last = r.choice(W.FIRST_NAMES), r.choice(W.LAST_NAMES)
                middle = f" {r.choice('ABCDEFGHJKLMNPRSTW')}." if r.random() < 0.4 else ""
                name = f"{first}{middle} {last}"
                short = last
                v = r.random()
                if v < 0.06:
                    description = f"Judge in {r.choice(W.CITIES)}"
                    self.judges.append(party_id)
                elif v < 0.32:
                    description = f"Lawyer in {r.choice(W.CITIES)}"
                    self.lawyers.append(party_id)
                else:
                    role = r.choice(["Talk-radio host", "Election official", "Voting-machine engineer",
                                     "Campaign adviser", "Podcast host", "County clerk", "Poll worker",
                                     "Former state senator", "Television host", "Activist"])  # fmt: skip
                    description = f"{role} from {r.choice(W.CITIES)}" if r.random() < 0.8 else None
                    self.people.append(party_id)
                kind = "person"
            else:
                word = r.choice(W.OUTLET_WORDS)
                v = r.random()
                if v < 0.45:
                    suffix = r.choice(W.ORG_SUFFIXES[:10])
                    self.media.append(party_id)
                    description = "News outlet" if r.random() < 0.5 else f"Broadcaster based in {r.choice(W.CITIES)}"
                elif v < 0.65:
                    word = r.choice(W.LAST_NAMES)
                    suffix = f"& {r.choice(W.LAST_NAMES)} {r.choice(W.LAW_FIRM_SUFFIXES)}"
                    description = "Law firm"
                    self.orgs.append(party_id)
                else:
                    suffix = r.choice(W.ORG_SUFFIXES[10:])
                    description = None if r.random() < 0.5 else "Organization"
                    self.orgs.append(party_id)
                name = f"{word} {suffix}"
                short = word
                kind = "organization"
            slug = slugs(name)
            self.short[party_id] = short
            rows.append((party_id, slug, name, kind, short if r.random() < 0.3 else None, description))
            self.cite("party", slug, party_id, 1)
        for pool in (self.judges, self.lawyers, self.people, self.media, self.orgs):
            if not pool:
                pool.append(1)

    # --- cases --------------------------------------------------------------------------

    def _spread(self, total: int, weights: Sequence[float]) -> list[int]:
        """Split ``total`` into integers proportional to ``weights``."""
        s = sum(weights) or 1.0
        counts = [int(w * total / s) for w in weights]
        short = total - sum(counts)
        order = sorted(range(len(weights)), key=lambda i: -(weights[i] * total / s - counts[i]))
        for i in order[: max(0, short)]:
            counts[i] += 1
        return counts

    def plan(self) -> tuple[list[int], list[int]]:
        """Filings and quotes per case: the giants first in the list, then log-normal sizes."""
        r = self.r
        n, giants = self.sizes.cases, self.sizes.giants
        rest = max(0, self.sizes.filings - sum(giants))
        weights = [r.lognormvariate(0, 1.0) for _ in range(n - len(giants))]
        filings = list(giants) + self._spread(rest, weights)
        qweights = [(f + 1) ** 0.8 * r.lognormvariate(0, 0.5) for f in filings]
        quotes = self._spread(self.sizes.quotes, qweights)
        # The giants sit at random places among the cases, not at the front.
        order = list(range(n))
        r.shuffle(order)
        return [filings[i] for i in order], [quotes[i] for i in order]

    def pick(self, pool: list[int], power: float = 2.0) -> int:
        return pool[self.skewed(len(pool), power)]

    def gen_cases(self) -> None:
        r = self.r
        n_filings, n_quotes = self.plan()
        t = self.t
        slugs = _Slugs()
        self.case_short: list[str] = []
        giants = set(self.sizes.giants)
        biggest = max(n_filings) if n_filings else 0
        largest_index = n_filings.index(biggest) if n_filings else 0
        election_cases: list[int] = []
        parties = t["party"]
        for ci in range(self.sizes.cases):
            case_id = ci + 1
            nf = n_filings[ci]
            kind = r.choices(
                ["defamation", "sanctions", "disciplinary", "election_challenge", "criminal", "threatened"],
                cum_weights=[55, 65, 73, 88, 95, 100],
            )[0]
            if nf in giants:
                kind = "defamation"
            if kind == "sanctions" and not election_cases:
                kind = "election_challenge"
            roles: list[tuple[int, str, int | None]] = []  # (party, role, for)
            used: set[tuple[int, str]] = set()

            def role(party: int, name: str, for_party: int | None = None, used: Any = used, roles: Any = roles) -> None:
                if (party, name) not in used:
                    used.add((party, name))
                    roles.append((party, name, for_party))

            parent_id = None
            court_id: int | None
            if kind == "defamation":
                plaintiff = self.pick(self.people, 1.3) if r.random() < 0.6 else self.pick(self.orgs, 2.0)
                defendants = [self.pick(self.media, 2.5)] + [
                    self.pick(self.people + self.media, 2.0) for _ in range(r.randint(0, 3))
                ]
                role(plaintiff, "plaintiff")
                for d in defendants:
                    if d != plaintiff:
                        role(d, "defendant")
                caption = f"{parties[plaintiff - 1][2]} v. {parties[defendants[0] - 1][2]}"
                short = f"{self.short[plaintiff]} v. {self.short[defendants[0]]}"
                court_id = r.choice(self.federal_courts if r.random() < 0.5 else self.state_courts)
                nature = r.choice(["Defamation", "Libel", "Defamation and civil conspiracy", None])
            elif kind == "sanctions":
                parent_id = election_cases[self.skewed(len(election_cases), 0.7)]
                parent_row = t["legal_case"][parent_id - 1]
                caption = f"{parent_row[2]} (sanctions proceedings)"
                short = f"{parent_row[3]} sanctions"
                court_id = parent_row[5]
                for _ in range(r.randint(1, 3)):
                    role(self.pick(self.lawyers, 1.5), "sanctioned_attorney")
                role(self.pick(self.people + self.orgs, 1.5), "movant")
                nature = "Sanctions"
            elif kind == "disciplinary":
                lawyer = self.pick(self.lawyers, 1.5)
                role(lawyer, "respondent")
                caption = f"In the Matter of {parties[lawyer - 1][2]}"
                short = f"Matter of {self.short[lawyer]}"
                court_id = r.choice(self.discipline_courts)
                nature = "Attorney discipline"
            elif kind == "election_challenge":
                plaintiff = self.pick(self.people, 1.5)
                official = self.pick(self.people, 1.2)
                role(plaintiff, "plaintiff")
                role(official, "defendant")
                state = r.choice(W.STATES)[0]
                caption = f"{parties[plaintiff - 1][2]} v. {parties[official - 1][2]}, Secretary of State of {state}"
                short = f"{self.short[plaintiff]} v. {self.short[official]}"
                court_id = r.choice(self.federal_courts)
                nature = "Civil rights: voting"
            elif kind == "criminal":
                accused = self.pick(self.people + self.lawyers, 1.5)
                role(accused, "defendant")
                role(self.pick(self.lawyers, 1.5), "prosecutor")
                if r.random() < 0.5:
                    state = r.choice(W.STATES)[0]
                    caption, short = (
                        f"People of the State of {state} v. {parties[accused - 1][2]}",
                        f"{state} v. {self.short[accused]}",
                    )
                    court_id = r.choice(self.state_courts)
                else:
                    caption, short = (
                        f"United States v. {parties[accused - 1][2]}",
                        f"United States v. {self.short[accused]}",
                    )
                    court_id = r.choice(self.federal_courts)
                nature = "Criminal"
            else:  # threatened
                threatener = self.pick(self.orgs + self.people, 1.5)
                target = self.pick(self.media + self.people, 2.0)
                role(threatener, "potential_plaintiff")
                if target != threatener:
                    role(target, "potential_defendant")
                caption = f"{parties[threatener - 1][2]}'s threatened suit against {parties[target - 1][2]}"
                short = f"{self.short[threatener]} threat to {self.short[target]}"
                court_id = None
                nature = None
            # Counsel and a judge, more of everything for big cases.
            sides = [p for p, name, _ in roles if name in ("plaintiff", "defendant", "respondent", "movant")]
            extra = min(40, nf // 500)
            for client in sides + [r.choice(sides) for _ in range(extra) if sides]:
                role(self.pick(self.lawyers, 1.5), "counsel", client)
            judge = self.pick(self.judges, 1.3) if court_id is not None else None
            if judge is not None:
                role(judge, "judge")
            if nf > 1000:
                for _ in range(extra):
                    role(self.pick(self.people, 1.0), r.choice(["witness", "deponent", "other"]))

            slug = slugs(short)
            self.case_short.append(short)
            filed = r.randint(FIRST_DAY, LAST_DAY - 400)
            duration = r.randint(2000, 3000) if nf > 5000 else int(r.expovariate(1 / 500)) + 30
            end = filed + duration
            terminated = end < LAST_DAY and r.random() < 0.55
            date_filed = self.date(filed, p_month=0.06, p_year=0.01)
            date_terminated = self.date(end) if terminated else self.NO_DATE
            disposition = None
            if terminated:
                disposition = r.choice(DISPOSITIONS)
            docket = None
            if court_id is not None:
                year = dt.date.fromordinal(filed).year
                if court_id in self.federal_courts:
                    docket = f"{r.randint(1, 4)}:{year % 100:02d}-cv-{r.randint(1, 99999):05d}"
                else:
                    docket = f"{year}CV{r.randint(1, 99999):05d}"
            summary = None
            if r.random() < 0.5:
                court_did = r.choice(["has not ruled", "heard argument", "allowed discovery", "set a trial date"])
                summary = (
                    f"{caption}. The {' '.join(self.words(3))} claims concern {' '.join(self.words(4))}; "
                    f"the court {court_did}."
                )
            t["legal_case"].append((case_id, slug, caption, short, kind, court_id, docket, nature, *date_filed,
                                    *date_terminated, disposition, parent_id, summary))  # fmt: skip
            self.cite("legal_case", slug, case_id)
            if kind == "election_challenge":
                election_cases.append(case_id)
            if ci == largest_index:
                self.largest_case = slug
            self.gen_case_records(case_id, slug, kind, roles, nf, n_quotes[ci], filed, end, terminated, judge)

    def gen_case_records(
        self, case_id: int, cs: str, kind: str, roles: list[tuple[int, str, int | None]], nf: int, nq: int,
        filed: int, end: int, terminated: bool, judge: int | None,
    ) -> None:  # fmt: skip
        r = self.r
        t = self.t
        parties = t["party"]
        pslug = lambda p: parties[p - 1][1]  # noqa: E731
        # Roles.
        rrows = t["case_role"]
        for position, (party, name, client) in enumerate(roles):
            role_id = len(rrows) + 1
            slug = f"{cs}--{pslug(party)}--{name}" + (f"--for-{pslug(client)}" if client else "")
            until = self.date(r.randint(filed, max(filed, end))) if r.random() < 0.03 else self.NO_DATE
            note = "Dropped after airing an apology" if until[0] and r.random() < 0.3 else None
            rrows.append((role_id, slug, case_id, party, name, client, *until, note, position))
            self.cite("case_role", slug, role_id)
        sides = [p for p, name, _ in roles if name not in ("counsel", "judge")] or [roles[0][0]]
        counsel = [p for p, name, _ in roles if name == "counsel"] or sides
        span = max(1, end - filed)

        # Filings, in date order; exhibits attach to an earlier filing of the case.
        frows = t["filing"]
        first_filing = len(frows) + 1
        days = sorted(r.randint(filed, filed + span) for _ in range(nf))
        non_exhibits: list[int] = []
        for i, day in enumerate(days):
            filing_id = len(frows) + 1
            filer = r.choice(sides)
            if i == 0:
                fkind, title = ("complaint", "Complaint") if kind != "threatened" else ("letter", "Demand letter")
                title = f"{title} of {self.short[filer]}"
                exhibit_to = None
            elif non_exhibits and r.random() < 0.2:
                fkind, title = "exhibit", f"Exhibit {r.randint(1, 120)}: {r.choice(W.EXHIBIT_TITLES)}"
                exhibit_to = non_exhibits[-1 - self.skewed(min(len(non_exhibits), 30), 2.0)]
            else:
                fkind, title = FILING_KINDS[r.randrange(len(FILING_KINDS))]
                if r.random() < 0.6:
                    title = f"{title} by {self.short[filer]}"
                exhibit_to = None
            if fkind != "exhibit":
                non_exhibits.append(filing_id)
            date = self.date(day) if r.random() > 0.02 else self.NO_DATE
            author = self.pick(self.people, 1.0) if fkind in ("memo", "email") and r.random() < 0.5 else None
            description = " ".join(self.words(r.randint(6, 16))).capitalize() + "." if r.random() < 0.4 else None
            written = self.NO_DATE
            if fkind in ("memo", "email", "exhibit") and r.random() < 0.6:
                written = self.date(day - r.randint(5, 400), p_month=0.15, p_year=0.03, p_approx=0.1)
            slug = f"{cs}-f{i + 1}"
            frows.append((filing_id, slug, case_id, fkind, title, filer, author, exhibit_to, *date, description,
                          *written))  # fmt: skip
            self.cite("filing", slug, filing_id)
        case_filings = list(range(first_filing, len(frows) + 1))

        # Depositions.
        drows = t["deposition"]
        case_depositions: list[int] = []
        n_dep = (nf // 40) + (r.randint(1, 3) if r.random() < 0.25 else 0)
        for i in range(n_dep if kind in ("defamation", "election_challenge", "criminal") else 0):
            dep_id = len(drows) + 1
            deponent = r.choice(sides) if r.random() < 0.7 else self.pick(self.people, 1.0)
            slug = f"{cs}-dep{i + 1}"
            date = self.date(r.randint(filed, filed + span)) if r.random() < 0.9 else self.NO_DATE
            description = f"Deposition on the {r.choice(W.TOPICS)}" if r.random() < 0.5 else None
            drows.append((dep_id, slug, case_id, deponent, None, r.choice(counsel), *date, description))
            self.cite("deposition", slug, dep_id)
            case_depositions.append(dep_id)

        # Rulings and sanctions.
        rows_r, rows_s = t["ruling"], t["sanction"]
        case_rulings: list[int] = []
        n_rulings = nf // 30 + (0 if r.random() < 0.4 else r.randint(1, 3))
        if kind == "threatened":
            n_rulings = 0
        for i in range(n_rulings):
            ruling_id = len(rows_r) + 1
            last = i == n_rulings - 1 and terminated
            if kind == "sanctions" and (last or r.random() < 0.3):
                rkind, outcome = "sanctions_order", "sanctions_imposed"
            elif kind == "disciplinary" and last:
                rkind, outcome = r.choice([("suspension_order", "suspended"), ("disbarment_order", "disbarred")])
            elif last:
                rkind, outcome = "judgment", r.choice(["granted", "dismissed", "other"])
            else:
                rkind = r.choice(["order", "order", "order", "opinion", "other"])
                outcome = r.choice(["granted", "denied", "granted_in_part", "denied", None])
            title = r.choice(W.RULING_TITLES[rkind])
            day = end if last else r.randint(filed, filed + span)
            date = self.date(day, p_month=0.03, p_year=0.0)
            citation = (
                f"{r.randint(100, 999)} F. Supp. 3d {r.randint(1, 1500)}"
                if rkind == "opinion" and r.random() < 0.5
                else None
            )
            description = " ".join(self.words(r.randint(5, 12))).capitalize() + "." if r.random() < 0.3 else None
            slug = f"{cs}-r{i + 1}"
            rows_r.append((ruling_id, slug, case_id, rkind, title, judge, *date, outcome, citation, description))
            self.cite("ruling", slug, ruling_id)
            case_rulings.append(ruling_id)
            if rkind in ("sanctions_order", "suspension_order", "disbarment_order"):
                targets = list(
                    dict.fromkeys(p for p, name, _ in roles if name in ("sanctioned_attorney", "respondent", "counsel"))
                )[:3]
                for target in targets or [self.pick(self.lawyers)]:
                    skind = {"suspension_order": "suspension", "disbarment_order": "disbarment"}.get(
                        rkind, r.choice(["monetary", "fees", "referral", "education"])
                    )
                    sanction_id = len(rows_s) + 1
                    sslug = f"{slug}--{pslug(target)}--{skind}"
                    amount = f"${r.randint(5, 200) * 1000:,} in opposing counsel's fees" if skind == "fees" else None
                    rows_s.append((sanction_id, sslug, ruling_id, target, skind, amount))
                    self.cite("sanction", sslug, sanction_id)

        # Events.
        erows = t["event"]
        case_events: list[int] = []
        n_events = nf // 100 + (r.randint(1, 2) if r.random() < 0.35 else 0)
        for i in range(n_events):
            event_id = len(erows) + 1
            ekind = r.choice(list(W.EVENT_TITLES))
            title = W.EVENT_TITLES[ekind].format(topic=r.choice(W.TOPICS))
            date = self.date(r.randint(filed - 60, filed + span))
            slug = f"{cs}-e{i + 1}"
            location = r.choice(W.CITIES) if r.random() < 0.6 else None
            erows.append((event_id, slug, case_id, ekind, title, *date, location, None))
            self.cite("event", slug, event_id)
            case_events.append(event_id)

        # Status history: how it started, maybe a step, how it ended.
        srows = t["case_status"]
        history: list[tuple[str, int, int | None, int | None]] = []  # status, day, filing, ruling
        first = "threatened" if kind == "threatened" else "pending"
        history.append((first, filed, case_filings[0] if case_filings else None, None))
        if terminated:
            final = {
                "sanctions": "sanctions_imposed",
                "threatened": "withdrawn",
                "disciplinary": r.choice(["suspended", "disbarred"]),
                "criminal": r.choice(["decided", "pardoned", "dismissed"]),
            }.get(kind, r.choice(["dismissed", "settled", "decided", "closed"]))
            history.append((final, end, None, case_rulings[-1] if case_rulings else None))
        for status, day, by_filing, by_ruling in history:
            status_id = len(srows) + 1
            as_of = self.date(day, p_month=0.05, p_year=0.0)
            sslug = f"{cs}--{status}--{iso_at_precision(dt.date.fromisoformat(as_of[0]), as_of[1])}"
            srows.append((status_id, sslug, case_id, status, *as_of, by_filing, by_ruling, None, None))
            self.cite("case_status", sslug, status_id)

        # Quotes.
        qrows, qcrows = t["quote"], t["quote_case"]
        n_sources = len(t["source"])
        for i in range(nq):
            quote_id = len(qrows) + 1
            setting = r.choice(QUOTE_SETTINGS)
            origin = [None, None, None, None]  # deposition, ruling, filing, event
            speaker = r.choice(sides) if r.random() < 0.7 else self.pick(self.people, 1.0)
            day = r.randint(filed, filed + span)
            if setting.startswith("deposition") and case_depositions:
                origin[0] = r.choice(case_depositions)
            elif setting == "ruling" and case_rulings:
                origin[1] = r.choice(case_rulings)
                speaker = judge or speaker
            elif setting == "filing" and case_filings:
                origin[2] = r.choice(case_filings)
            elif setting in ("news_conference", "interview", "statement") and case_events and r.random() < 0.5:
                origin[3] = r.choice(case_events)
            date = self.date(day) if r.random() < 0.9 else self.NO_DATE
            a, b = self.words(2)
            text = r.choice(W.QUOTE_TEMPLATES).format(a=a, b=b, place=r.choice(W.CITIES))
            context = r.choice(W.CONTEXTS) if r.random() < 0.3 else None
            source = self.skewed(n_sources, 1.6) + 1
            slug = f"{cs}-q{i + 1}"
            qrows.append((quote_id, slug, text, speaker, setting, case_id, *origin, *date, context, source,
                          f"p{r.randint(1, self.sizes.paragraphs)}"))  # fmt: skip
            if r.random() < 0.05 and self.sizes.cases > 1:
                other = r.randint(1, self.sizes.cases)
                if other != case_id:
                    qcrows.append((len(qcrows) + 1, None, quote_id, other))  # slug set in finish()

    # --- finishing ----------------------------------------------------------------------

    def finish(self) -> None:
        """Slugs that name other tables' rows (quote_case) need every case's slug first."""
        cases, quotes = self.t["legal_case"], self.t["quote"]
        self.t["quote_case"] = [
            (qc_id, f"{quotes[q - 1][1]}--{cases[c - 1][1]}", q, c) for qc_id, _, q, c in self.t["quote_case"]
        ]

    def source_texts(self) -> dict[str, list[str]]:
        """Paragraphs of each source, with every quote that cites it standing verbatim in its paragraph."""
        r = random.Random(self.seed + 7)
        sources = self.t["source"]
        quoted: dict[tuple[int, int], list[str]] = defaultdict(list)
        for row in self.t["quote"]:
            quoted[(row[COL["quote"]["source_id"]], int(row[COL["quote"]["source_locator"]][1:]))].append(row[2])
        out: dict[str, list[str]] = {}
        cw = self.vocab_cw
        for row in sources:
            paragraphs = []
            for k in range(1, self.sizes.paragraphs + 1):
                filler = " ".join(r.choices(W.VOCAB, cum_weights=cw, k=r.randint(8, 20))).capitalize() + "."
                said = " ".join(f"“{q}.”" for q in quoted.get((row[0], k), []))
                paragraphs.append(f"{filler} {said}".strip())
            out[row[1]] = [row[3], *paragraphs[1:]]  # the headline is p1
            if quoted.get((row[0], 1)):
                out[row[1]][0] = f"{row[3]}: {' '.join(quoted[(row[0], 1)])}"
        return out

    def queries(self, n: int = 100) -> list[str]:
        """Search queries a newsroom would type: names, words common and rare, phrases, captions."""
        r = random.Random(self.seed + 1)
        parties, quotes = self.t["party"], self.t["quote"]
        out: list[str] = []
        for _ in range(n):
            u = r.random()
            if u < 0.25:
                out.append(r.choice(parties)[2].split()[-1])  # a surname or an outlet's last word
            elif u < 0.40:
                out.append(" ".join(r.choice(parties)[2].split()[:2]))
            elif u < 0.60:
                out.append(r.choice(W.VOCAB))
            elif u < 0.72:
                out.append(" ".join(r.sample(W.VOCAB, 2)))
            elif u < 0.87 and quotes:
                text = r.choice(quotes)[2].split()
                start = r.randrange(max(1, len(text) - 3))
                out.append('"' + " ".join(text[start : start + 3]) + '"')
            else:
                out.append(r.choice(self.case_short))
        return out

    def run(self) -> Corpus:
        self.largest_case = ""
        self.gen_sources()
        self.gen_courts()
        self.gen_parties()
        self.gen_cases()
        self.finish()
        largest_id = next(row[0] for row in self.t["legal_case"] if row[1] == self.largest_case)
        timeline = sum(
            1 for table in ("filing", "deposition", "ruling", "event") for row in self.t[table] if row[2] == largest_id
        )
        corpus = Corpus(self.t, self.largest_case, timeline, self.queries())
        if self.seed_files:
            corpus.texts = self.source_texts()
        return corpus


def _filing_kind(title: str) -> str:
    first = title.split()[0].lower()
    return {
        "complaint": "complaint", "amended": "complaint", "motion": "motion", "special": "motion",
        "cross-motion": "motion", "petition": "motion", "memorandum": "brief", "reply": "brief", "brief": "brief",
        "proposed": "brief", "answer": "answer", "notice": "notice", "letter": "letter", "joint": "other",
        "stipulated": "other", "declaration": "other", "affidavit": "other", "deposition": "other",
        "pretrial": "other",
    }.get(first, "other")  # fmt: skip


FILING_KINDS = [(_filing_kind(t), t) for t in W.FILING_TITLES] + [
    ("memo", "Internal memo on the claims"),
    ("email", "Email from campaign staff"),
]
DISPOSITIONS = [None, "Settled", "Dismissed with prejudice", "Judgment for plaintiff",
                "Settled for an undisclosed sum", "Voluntarily dismissed"]  # fmt: skip
QUOTE_SETTINGS = ["deposition_answer", "ruling", "filing", "deposition_question", "news_conference", "interview",
                  "statement", "email", "other", "interview", "news_conference", "statement"]  # fmt: skip

DEFAULT = Sizes()
QUICK = Sizes().scaled(0.01, giants=(10_500,))
#: The downgrade's database (tests/test_migrations.py, benchmarks/run.py --only downgrade):
#: 20,000 filings in 2,000 cases, the largest with 5,000.
DOWNGRADE = Sizes().scaled(0.02, giants=(5_000,))


def generate(sizes: Sizes = DEFAULT, seed: int = 1, *, seed_files: bool = False) -> Corpus:
    return Generator(sizes, seed, seed_files=seed_files).run()


# --- writing a database --------------------------------------------------------------------


def write_database(path: Path, corpus: Corpus, **options: Any) -> Any:
    """Create (migrate) a new database at ``path`` and bulk-import the corpus into it."""
    from casetrack import db
    from casetrack.bulk import bulk_import

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    target = db.Target(f"sqlite:///{path.resolve()}", "--db")
    db.upgrade(target)
    engine = db.make_engine(target.url)
    try:
        return bulk_import(engine, corpus.rows(), **options)
    finally:
        engine.dispose()


def version_1_compatible(path: Path) -> int:
    """Make a generated database one that a downgrade below 0006 accepts: a deposition
    question (new in version 2) becomes a deposition answer, which version 1 calls a
    deposition. The generator makes nothing else that version 1 cannot hold. Returns how many
    quotes changed."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        changed = conn.execute(
            "UPDATE quote SET setting = 'deposition_answer' WHERE setting = 'deposition_question'"
        ).rowcount
    conn.close()
    return changed


# --- writing seed files --------------------------------------------------------------------


def _q(value: Any) -> str:
    """A YAML scalar; strings double-quoted (JSON escapes are valid YAML)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _yaml_date(cols: Sequence[Any]) -> str | None:
    value, precision, approximate, said = cols
    if value is None:
        return None
    iso = iso_at_precision(dt.date.fromisoformat(value), precision)
    if not approximate and said is None:
        return iso
    parts = [f"on: {_q(iso)}", f"approximate: {_q(bool(approximate))}"]
    if said is not None:
        parts.append(f"says: {_q(said)}")
    return "{" + ", ".join(parts) + "}"


class SeedWriter:
    def __init__(self, corpus: Corpus, out: Path) -> None:
        self.c = corpus
        self.out = out
        t = corpus.tables
        self.slug = {name: {row[0]: row[1] for row in rows} for name, rows in t.items() if name != "citation"}
        self.cites: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
        sources = self.slug["source"]
        for row in t["citation"]:
            ref = f"{sources[row[4]]}:{row[5]}"
            self.cites[(row[2], row[3])].append((ref, row[6]))
        self.by_case: dict[str, dict[int, list[tuple[Any, ...]]]] = {}
        for name in ("case_role", "filing", "deposition", "ruling", "event", "case_status", "quote"):
            groups: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
            key = COL[name]["case_id"]
            for row in t[name]:
                groups[row[key]].append(row)
            self.by_case[name] = groups
        self.sanctions: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for row in t["sanction"]:
            self.sanctions[row[2]].append(row)
        self.also: dict[int, list[int]] = defaultdict(list)
        for row in t["quote_case"]:
            self.also[row[2]].append(row[3])

    def sources_of(self, table: str, record_id: int, indent: str) -> str:
        refs = []
        for ref, confidence in self.cites[(table, record_id)]:
            refs.append(_q(ref) if confidence == "high" else "{ref: " + _q(ref) + ", confidence: medium}")
        return f"{indent}sources: [{', '.join(refs)}]\n"

    def write(self) -> int:
        out = self.out
        (out / "cases").mkdir(parents=True, exist_ok=True)
        (out / "texts").mkdir(exist_ok=True)
        t = self.c.tables
        files = 0
        lines = []
        for row in t["source"]:
            lines.append(f"- slug: {row[1]}\n  kind: {row[2]}\n  title: {_q(row[3])}\n")
            for i, key in ((4, "publisher"), (5, "author")):
                if row[i] is not None:
                    lines.append(f"  {key}: {_q(row[i])}\n")
            if row[6] is not None:
                lines.append(f"  date_published: {_yaml_date(row[6:10])}\n")
            lines.append(f"  file: {row[10]}\n  lines: [{row[11]}, {row[12]}]\n")
            paragraphs = self.c.texts[row[1]]
            (out / "texts" / row[10]).write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
            files += 1
        (out / "sources.yaml").write_text("".join(lines), encoding="utf-8")
        lines = []
        for row in t["court"]:
            lines.append(f"- slug: {row[1]}\n  name: {_q(row[2])}\n")
            if row[3] is not None:
                lines.append(f"  short_name: {_q(row[3])}\n")
            lines.append(f"  jurisdiction: {row[4]}\n")
            if row[5] is not None:
                lines.append(f"  location: {_q(row[5])}\n")
            lines.append(self.sources_of("court", row[0], "  "))
        (out / "courts.yaml").write_text("".join(lines), encoding="utf-8")
        lines = []
        for row in t["party"]:
            lines.append(f"- slug: {row[1]}\n  name: {_q(row[2])}\n  kind: {row[3]}\n")
            if row[4] is not None:
                lines.append(f"  short_name: {_q(row[4])}\n")
            if row[5] is not None:
                lines.append(f"  description: {_q(row[5])}\n")
            lines.append(self.sources_of("party", row[0], "  "))
        (out / "parties.yaml").write_text("".join(lines), encoding="utf-8")
        files += 3
        for row in t["legal_case"]:
            (out / "cases" / f"{row[1]}.yaml").write_text(self.case_yaml(row), encoding="utf-8")
            files += 1
        return files

    def case_yaml(self, row: tuple[Any, ...]) -> str:
        c = COL["legal_case"]
        s = self.slug
        case_id = row[0]
        out = [f"slug: {row[1]}\ncase_name: {_q(row[2])}\nshort_name: {_q(row[3])}\nkind: {row[4]}\n"]
        if row[c["court_id"]] is not None:
            out.append(f"court: {s['court'][row[c['court_id']]]}\n")
        for key in ("docket_number", "nature_of_suit"):
            if row[c[key]] is not None:
                out.append(f"{key}: {_q(row[c[key]])}\n")
        for key in ("date_filed", "date_terminated"):
            value = _yaml_date(row[c[key] : c[key] + 4])
            if value is not None:
                out.append(f"{key}: {value}\n")
        if row[c["disposition"]] is not None:
            out.append(f"disposition: {_q(row[c['disposition']])}\n")
        if row[c["parent_id"]] is not None:
            out.append(f"parent: {s['legal_case'][row[c['parent_id']]]}\n")
        if row[c["summary"]] is not None:
            out.append(f"summary: {_q(row[c['summary']])}\n")
        out.append(self.sources_of("legal_case", case_id, ""))

        out.append("parties:\n")
        for r in self.by_case["case_role"][case_id]:
            out.append(f"  - party: {s['party'][r[3]]}\n    role: {r[4]}\n")
            if r[5] is not None:
                out.append(f"    for: {s['party'][r[5]]}\n")
            if r[6] is not None:
                out.append(f"    until: {_yaml_date(r[6:10])}\n")
            if r[10] is not None:
                out.append(f"    note: {_q(r[10])}\n")
            out.append(self.sources_of("case_role", r[0], "    "))

        out.append("status:\n")
        for r in self.by_case["case_status"][case_id]:
            out.append(f"  - status: {r[3]}\n    as_of: {_yaml_date(r[4:8])}\n")
            for key, table, i in (("filing", "filing", 8), ("ruling", "ruling", 9), ("event", "event", 10)):
                if r[i] is not None:
                    out.append(f"    set_by: {{{key}: {s[table][r[i]]}}}\n")
            out.append(self.sources_of("case_status", r[0], "    "))

        def optional(pairs: Sequence[tuple[str, Any]], indent: str = "    ") -> None:
            for key, value in pairs:
                if value is not None:
                    out.append(f"{indent}{key}: {value}\n")

        filings = self.by_case["filing"][case_id]
        if filings:
            out.append("filings:\n")
        for r in filings:
            out.append(f"  - slug: {r[1]}\n    kind: {r[3]}\n    title: {_q(r[4])}\n")
            optional([
                ("filed_by", r[5] and s["party"][r[5]]), ("author", r[6] and s["party"][r[6]]),
                ("exhibit_to", r[7] and s["filing"][r[7]]), ("date_filed", _yaml_date(r[8:12])),
                ("date_written", _yaml_date(r[13:17])), ("description", r[12] and _q(r[12])),
            ])  # fmt: skip
            out.append(self.sources_of("filing", r[0], "    "))
        depositions = self.by_case["deposition"][case_id]
        if depositions:
            out.append("depositions:\n")
        for r in depositions:
            out.append(f"  - slug: {r[1]}\n    deponent: {s['party'][r[3]]}\n")
            optional([
                ("on_behalf_of", r[4] and s["party"][r[4]]), ("taken_by", r[5] and s["party"][r[5]]),
                ("date_taken", _yaml_date(r[6:10])), ("description", r[10] and _q(r[10])),
            ])  # fmt: skip
            out.append(self.sources_of("deposition", r[0], "    "))
        rulings = self.by_case["ruling"][case_id]
        if rulings:
            out.append("rulings:\n")
        for r in rulings:
            out.append(f"  - slug: {r[1]}\n    kind: {r[3]}\n    title: {_q(r[4])}\n")
            optional([
                ("judge", r[5] and s["party"][r[5]]), ("date_decided", _yaml_date(r[6:10])), ("outcome", r[10]),
                ("citation", r[11] and _q(r[11])), ("description", r[12] and _q(r[12])),
            ])  # fmt: skip
            if self.sanctions.get(r[0]):
                out.append("    sanctions:\n")
                for sa in self.sanctions[r[0]]:
                    out.append(f"      - party: {s['party'][sa[3]]}\n        kind: {sa[4]}\n")
                    if sa[5] is not None:
                        out.append(f"        description: {_q(sa[5])}\n")
                    out.append(self.sources_of("sanction", sa[0], "        "))
            out.append(self.sources_of("ruling", r[0], "    "))
        events = self.by_case["event"][case_id]
        if events:
            out.append("events:\n")
        for r in events:
            out.append(f"  - slug: {r[1]}\n    kind: {r[3]}\n    title: {_q(r[4])}\n")
            optional([("date", _yaml_date(r[5:9])), ("location", r[9] and _q(r[9])),
                      ("description", r[10] and _q(r[10]))])  # fmt: skip
            out.append(self.sources_of("event", r[0], "    "))
        quotes = self.by_case["quote"][case_id]
        if quotes:
            out.append("quotes:\n")
        for r in quotes:
            out.append(
                f"  - slug: {r[1]}\n    text: {_q(r[2])}\n    speaker: {s['party'][r[3]]}\n    setting: {r[4]}\n"
            )
            for key, table, i in (("deposition", "deposition", 6), ("ruling", "ruling", 7), ("filing", "filing", 8),
                                  ("event", "event", 9)):  # fmt: skip
                if r[i] is not None:
                    out.append(f"    from: {{{key}: {s[table][r[i]]}}}\n")
            optional([("date", _yaml_date(r[10:14])), ("context", r[14] and _q(r[14]))])
            if self.also.get(r[0]):
                out.append(f"    also_cases: [{', '.join(s['legal_case'][c] for c in self.also[r[0]])}]\n")
            out.append(f"    source: {_q(s['source'][r[15]] + ':' + r[16])}\n")
        return "".join(out)


def seed_sizes(n_files: int) -> Sizes:
    """A seed of ``n_files`` case files: a handful of records each, one larger case."""
    return Sizes(
        cases=n_files, filings=n_files * 5, quotes=n_files * 3 // 2, parties=max(60, n_files // 2),
        giants=(min(1000, n_files),), paragraphs=60, n_sources=max(20, n_files // 20),
    )  # fmt: skip


def cases_for_files(n_files: int) -> int:
    """How many case files make a seed of ``n_files`` files in all: the case files, one text
    per source, and sources.yaml, courts.yaml and parties.yaml."""
    cases = n_files
    while cases > 1 and cases + seed_sizes(cases).sources + 3 > n_files:
        cases -= 1
    return cases


def write_seed_files(out: Path, n_files: int, seed: int = 1) -> tuple[Corpus, int]:
    """Write a seed of ``n_files`` case files (and their sources); returns the corpus and the
    number of files written."""
    corpus = Generator(seed_sizes(n_files), seed, seed_files=True).run()
    return corpus, SeedWriter(corpus, out).write()


# --- command line --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply the default sizes (default 1.0)")
    ap.add_argument("--cases", type=int)
    ap.add_argument("--filings", type=int)
    ap.add_argument("--quotes", type=int)
    ap.add_argument("--parties", type=int)
    ap.add_argument("--db", type=Path, help="write a database file here (replaced if it exists)")
    ap.add_argument("--seed-files", type=int, metavar="N", help="write N case files in the seed format instead")
    ap.add_argument("--out", type=Path, help="directory for --seed-files")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    if args.seed_files:
        if args.out is None:
            ap.error("--seed-files needs --out DIR")
        corpus, files = write_seed_files(args.out, args.seed_files, args.seed)
        print(f"wrote {files} files to {args.out} ({corpus.total:,} rows) in {time.perf_counter() - started:.1f}s")
        return
    if args.db is None:
        ap.error("give --db PATH or --seed-files N --out DIR")
    sizes = DEFAULT if args.scale == 1.0 else DEFAULT.scaled(args.scale)
    overrides = {k: getattr(args, k) for k in ("cases", "filings", "quotes", "parties") if getattr(args, k)}
    sizes = replace(sizes, **overrides)
    corpus = generate(sizes, args.seed)
    generated = time.perf_counter()
    report = write_database(args.db, corpus)
    print(
        f"generated {corpus.total:,} rows in {generated - started:.1f}s; imported in {report.seconds:.1f}s "
        f"({report.rows_per_second:,.0f} rows/s); largest case {corpus.largest_case} "
        f"({corpus.largest_timeline:,} timeline rows)"
    )


if __name__ == "__main__":
    main()
