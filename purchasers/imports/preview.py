"""What the import preview shows of a checked sheet: the firms and people it will write,
and the sheet of its errors to download, correct and upload again."""

from dataclasses import dataclass, field

from delegations import sheets

from ..models import Attendee, Purchaser
from ..personal_data import mask
from .services import ImportResult
from .sheet import REGISTRATION_SHEET


@dataclass
class PersonPreview:
    name: str
    title: str
    id_type: str
    id_number: str  # masked: enough to tell two apart on a list
    phone: str  # masked
    email: str


@dataclass
class FirmPreview:
    row: int
    credit_code: str
    name: str
    kind: str
    ownership: str
    industry: str
    contact: str
    people: list[PersonPreview] = field(default_factory=list)


def firm_previews(result: ImportResult) -> list[FirmPreview]:
    """The draft registrations the sheet will become, each firm with its attendees."""
    kinds = dict(Purchaser.Kind.choices)
    id_types = dict(Attendee.IdType.choices)
    previews = []
    for firm in result.drafts:
        data = firm.cleaned
        contact = " · ".join(
            part for part in (data.get("contact_name"), mask(data.get("contact_phone", ""))) if part
        )
        previews.append(
            FirmPreview(
                row=firm.row,
                credit_code=data["credit_code"],
                name=data["name"],
                kind=str(kinds.get(data.get("kind"), data.get("kind", ""))),
                ownership=data["ownership"].display_name if data.get("ownership") else "",
                industry=data.get("industry", ""),
                contact=contact,
                people=[
                    PersonPreview(
                        name=person["name"],
                        title=person.get("title", ""),
                        id_type=str(id_types.get(person["id_type"], person["id_type"])),
                        id_number=mask(person["id_number"]),
                        phone=mask(person.get("phone", "")),
                        email=person.get("email", ""),
                    )
                    for person in firm.attendees
                ],
            )
        )
    return previews


def error_workbook(result: ImportResult, *, language: str, only_errors: bool = False) -> bytes:
    """The sheet with an errors column (every row, or only those with errors)."""
    return sheets.error_sheet(
        kind=REGISTRATION_SHEET,
        rows=[sheets.SheetRow(number=n, values=values) for n, values in result.sheet],
        errors=result.errors,
        language=language,
        only_errors=only_errors,
    )
