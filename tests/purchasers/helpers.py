"""Form data for registrations, valid unless a test spoils it."""

from tests.factories import valid_credit_code, valid_resident_id


def firm(seq: int = 900, **overrides) -> dict:
    data = {
        "credit_code": valid_credit_code(seq),
        "name": f"青海测试采购{seq}有限公司",
        "kind": "import_trader",
        "industry": "食品",
        "address": "西宁市城西区",
        "contact_name": "王经理",
        "contact_phone": "13912345678",
        "contact_email": "buyer@example.org",
    }
    return {**data, **overrides}


def person(seq: int = 1, **overrides) -> dict:
    data = {
        "name": f"参会人{seq}",
        "id_type": "resident_id",
        "id_number": valid_resident_id(seq),
        "phone": "13800000000",
        "email": "",
        "title": "采购经理",
    }
    return {**data, **overrides}


def page_post(*, lead_agency, purchaser: dict, attendees: list[dict], action="draft", extra=0):
    """The POST the registration page sends: prefixed purchaser fields, the formset rows."""
    data = {"action": action, "lead_agency": str(lead_agency.pk)}
    data.update({f"p-{k}": v for k, v in purchaser.items()})
    rows = attendees + [{"id_type": "resident_id", "name": ""}] * extra
    data.update(
        {
            "attendees-TOTAL_FORMS": str(len(rows)),
            "attendees-INITIAL_FORMS": "0",
            "attendees-MIN_NUM_FORMS": "0",
            "attendees-MAX_NUM_FORMS": "1000",
        }
    )
    for i, row in enumerate(rows):
        for k, v in row.items():
            if k == "DELETE":
                if v:
                    data[f"attendees-{i}-DELETE"] = "on"
            elif v is not None:
                data[f"attendees-{i}-{k}"] = str(v)
    return data
