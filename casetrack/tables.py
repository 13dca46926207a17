"""The seed's tables, in the order they are filled (parents first): the one list of them.

Kept free of imports so that the seed compiler can use it without loading the models.
:data:`casetrack.models.TABLES` (the model classes), the seed loader and the bulk import all
take their order from here.
"""

from __future__ import annotations

TABLE_ORDER: tuple[str, ...] = (
    "source", "court", "party", "party_member", "legal_case", "case_member", "actor", "case_role",
    "filing", "filing_case", "filing_filer", "deposition", "ruling", "ruling_case", "sanction",
    "event", "event_case", "case_status", "quote", "quote_part", "quote_case", "citation",
)  # fmt: skip
