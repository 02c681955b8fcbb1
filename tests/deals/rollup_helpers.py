"""Shared helpers of the roll-up, dashboard and export tests: the truth from the deals,
the 上海国资分团 figures of seeds/001, and a small .xlsx reader."""

import io
import re
import zipfile
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace
from xml.etree import ElementTree

from deals.countries.continents import continent_of
from deals.models import Deal, RollupRow
from tests import factories as f

Level = RollupRow.Level
LARGE = Decimal("100000000")

_LEVEL_KEYS = {
    Level.EDITION: (0,),
    Level.EDITION_ZONE: (0, 3),
    Level.EDITION_COUNTRY: (0, 4),
    Level.DELEGATION: (0, 1),
    Level.DELEGATION_ZONE: (0, 1, 3),
    Level.DELEGATION_COUNTRY: (0, 1, 4),
    Level.SUB_DELEGATION: (0, 1, 2),
    Level.SUB_DELEGATION_ZONE: (0, 1, 2, 3),
    Level.EDITION_OWNERSHIP: (0, 5),
    Level.DELEGATION_OWNERSHIP: (0, 1, 5),
    Level.SUB_DELEGATION_OWNERSHIP: (0, 1, 2, 5),
    Level.EDITION_KIND: (0, 6),
    Level.DELEGATION_KIND: (0, 1, 6),
    Level.SUB_DELEGATION_KIND: (0, 1, 2, 6),
    Level.EDITION_CONTINENT: (0, 7),
    Level.DELEGATION_CONTINENT: (0, 1, 7),
    Level.SUB_DELEGATION_CONTINENT: (0, 1, 2, 7),
}
# Where a deal's registration, amount and date are in the tuples below.
REGISTRATION, AMOUNT, SIGNED = 8, 9, 10


def truth_from_deals() -> dict:
    """Every level's figures, added up here from the deals themselves (exact decimals)."""
    deals = [
        # The purchaser's ownership and type as its registration says them now; the
        # exhibitor's continent from the list of countries.
        (*row[:5], row[5], row[6], continent_of(row[4]), *row[7:])
        for row in Deal.objects.exclude(status=Deal.Status.CANCELLED).values_list(
            "registration__edition",
            "registration__sub_delegation__delegation",
            "registration__sub_delegation",
            "zone",
            "exhibitor_country",
            "registration__ownership",
            "registration__kind",
            "registration",
            "amount_usd",
            "signed_on",
        )
    ]
    result = {}
    for level, positions in _LEVEL_KEYS.items():
        groups = defaultdict(lambda: defaultdict(list))
        for deal in deals:
            key = tuple(deal[p] for p in positions)
            groups[key][deal[REGISTRATION]].append(deal)
        for key, by_purchaser in groups.items():
            totals = [sum(d[AMOUNT] for d in ds) for ds in by_purchaser.values()]
            result[(level, *key)] = {
                "deals": sum(len(ds) for ds in by_purchaser.values()),
                "purchasers": len(by_purchaser),
                "total_usd": sum(totals, Decimal("0.00")),
                "purchasers_over_100m": sum(1 for t in totals if t > LARGE),
                "first_signed_on": min(d[SIGNED] for ds in by_purchaser.values() for d in ds),
            }
    return result


def rollups_as_stored() -> dict:
    result = {}
    for row in RollupRow.objects.all():
        columns = {
            0: row.edition_id,
            1: row.delegation_id,
            2: row.sub_delegation_id,
            3: row.zone_id,
            4: row.country,
            5: row.ownership_id,
            6: row.kind,
            7: row.continent,
        }
        key = (row.level, *(columns[p] for p in _LEVEL_KEYS[row.level]))
        assert key not in result, f"duplicate roll-up row {key}"
        result[key] = {
            "deals": row.deals,
            "purchasers": row.purchasers,
            "total_usd": row.total_usd,
            "purchasers_over_100m": row.purchasers_over_100m,
            "first_signed_on": row.first_signed_on,
        }
    return result


def shanghai_state_owned_7th(*, previous_editions: bool = True) -> SimpleNamespace:
    """上海国资分团 at the 7th edition as seeds/001 reports it: 136 intended orders,
    2.837 bn USD, 7 firms above 100 million USD; 19.6+ bn USD over seven editions.

    Plus one cancelled order (must not count), another Shanghai sub-delegation (ranked
    below it) and, with ``previous_editions``, one 2.8 bn USD order in each of the six
    earlier editions.
    """
    seventh = f.EditionFactory(number=7, year=2024, national_intended_usd=Decimal("80010000000"))
    shanghai = f.DelegationFactory(edition=seventh, name="上海交易团", region=f.region("310000"))
    state_owned = f.SubDelegationFactory(delegation=shanghai, name="国资分团")
    qingpu = f.SubDelegationFactory(delegation=shanghai, name="青浦分团")
    agency = f.LeadAgencyFactory(sub_delegation=state_owned, target=50)
    qingpu_agency = f.LeadAgencyFactory(sub_delegation=qingpu, target=20)
    zones = ["equipment", "automobile", "consumer", "medical", "services", "food"]
    big = [f.RegistrationFactory(lead_agency=agency) for _ in range(7)]
    small = [f.RegistrationFactory(lead_agency=agency) for _ in range(61)]
    n = 0
    for registration in big:  # 7 firms × (100 M + 50 M) = 1.05 bn USD
        for amount in ("100000000.00", "50000000.00"):
            f.RollupDealFactory(
                registration=registration,
                amount_usd=Decimal(amount),
                zone=f.zone(zones[n % 6]),
                exhibitor_country="德国" if n % 2 else "法国",
            )
            n += 1
    amounts = [Decimal("14650000.00")] * 121 + [Decimal("14350000.00")]  # 1.787 bn USD
    for i, amount in enumerate(amounts):
        f.RollupDealFactory(
            registration=small[i // 2],
            amount_usd=amount,
            zone=f.zone(zones[i % 6]),
            exhibitor_country=["日本", "美国", "德国"][i % 3],
        )
    f.RollupDealFactory(
        registration=small[0], amount_usd=Decimal("999000000.00"), status=Deal.Status.CANCELLED
    )
    f.RollupDealFactory(
        registration=f.RegistrationFactory(lead_agency=qingpu_agency),
        amount_usd=Decimal("12000000.00"),
    )
    if previous_editions:
        national = ["57830000000", "71130000000", "72620000000", "70720000000", "73520000000",
                    "78410000000"]  # fmt: skip
        for number in range(1, 7):
            edition = f.EditionFactory(
                number=number,
                year=2017 + number,
                national_intended_usd=Decimal(national[number - 1]),
            )
            delegation = f.DelegationFactory(
                edition=edition, name="上海交易团", region=f.region("310000")
            )
            sub = f.SubDelegationFactory(delegation=delegation, name="国资分团")
            f.RollupDealFactory(
                registration=f.RegistrationFactory(
                    lead_agency=f.LeadAgencyFactory(sub_delegation=sub)
                ),
                amount_usd=Decimal("2800000000.00"),
            )
    return SimpleNamespace(
        edition=seventh, delegation=shanghai, state_owned=state_owned, qingpu=qingpu, agency=agency
    )


def read_xlsx(content: bytes) -> dict[str, list[list]]:
    """Sheet title -> rows of cell values (strings, or floats for numbers)."""

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    book = zipfile.ZipFile(io.BytesIO(content))
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    shared = []
    if "xl/sharedStrings.xml" in book.namelist():
        for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", ns):
            shared.append("".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")))
    sheets = {}
    for index, sheet in enumerate(workbook.find("m:sheets", ns), start=1):
        root = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{index}.xml"))
        rows = []
        for row in root.iter(f"{{{ns['m']}}}row"):
            cells = {}
            for cell in row.findall("m:c", ns):
                column = re.match(r"[A-Z]+", cell.get("r")).group()
                position = 0
                for ch in column:
                    position = position * 26 + ord(ch) - 64
                kind = cell.get("t")
                if kind == "inlineStr":
                    value = "".join(t.text or "" for t in cell.iter(f"{{{ns['m']}}}t"))
                elif kind == "s":
                    value = shared[int(cell.find("m:v", ns).text)]
                else:
                    v = cell.find("m:v", ns)
                    value = float(v.text) if v is not None else None
                cells[position - 1] = value
            rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
        sheets[sheet.get("name")] = rows
    return sheets
