"""Validators for the identifiers that enter the system: one place, used by forms,
serializers, spreadsheet imports and model fields alike.

* Unified social credit code (统一社会信用代码), GB 32100-2015.
* Resident identity card number (居民身份证号码), GB 11643-1999.
"""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 3^(i-1) mod 31, i = 1..17

RESIDENT_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]  # 2^(18-i) mod 11, i = 1..17
RESIDENT_ID_CHECK = "10X98765432"

_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}(?:\d{1,6})?$")
_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")


def normalize_code(value: str) -> str:
    """Full-width characters to half-width, spaces and dashes out, upper case.

    Codes pasted from spreadsheets and word processors often carry full-width letters or
    stray spaces; they are still the same code.
    """
    value = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"[\s\-]", "", value).upper()


def credit_code_check_char(first17: str) -> str:
    total = sum(
        CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    """Validate a unified social credit code and return it normalised."""
    code = normalize_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="credit_code_length",
            params={"count": len(code)},
        )
    bad = sorted({c for c in code if c not in CREDIT_CODE_CHARSET})
    if bad:
        raise ValidationError(
            _(
                "A unified social credit code cannot contain %(chars)s "
                "(the letters I, O, Z, S and V are never used)."
            ),
            code="credit_code_chars",
            params={"chars": "、".join(bad)},
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 of a unified social credit code are the area code: digits only."),
            code="credit_code_area",
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _(
                "The check character of this unified social credit code does not match: "
                "please compare it with the business licence character by character."
            ),
            code="credit_code_check",
        )
    return code


def resident_id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK[total % 11]


def validate_resident_id(value: str, *, today: datetime.date | None = None) -> str:
    """Validate an 18-digit resident identity card number and return it normalised."""
    number = normalize_code(value)
    if len(number) != 18:
        raise ValidationError(
            _("A resident ID number has 18 characters; this one has %(count)d."),
            code="resident_id_length",
            params={"count": len(number)},
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("A resident ID number is 17 digits followed by a digit or X."),
            code="resident_id_chars",
        )
    if number[0] not in "12345678":
        raise ValidationError(
            _("The first six digits of a resident ID number are an area code; this one is not."),
            code="resident_id_area",
        )
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("Digits 7 to 14 of a resident ID number are the birth date; %(date)s is no date."),
            code="resident_id_birth_date",
            params={"date": number[6:14]},
        ) from None
    today = today or datetime.date.today()
    if birth > today or birth.year < 1900:
        raise ValidationError(
            _("The birth date %(date)s in this resident ID number is not possible."),
            code="resident_id_birth_date",
            params={"date": birth.isoformat()},
        )
    if resident_id_check_char(number[:17]) != number[17]:
        raise ValidationError(
            _(
                "The last character of this resident ID number does not match the others: "
                "please check it against the ID card."
            ),
            code="resident_id_check",
        )
    return number


def validate_passport_number(value: str) -> str:
    number = normalize_code(value)
    if not _PASSPORT.match(number):
        raise ValidationError(
            _("A passport number is 5 to 20 letters and digits."),
            code="passport_number",
        )
    return number


def normalize_phone(value: str) -> str:
    value = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"[\s\-—–()（）]", "", value)


def validate_mobile(value: str) -> str:
    number = normalize_phone(value)
    if not _MOBILE.match(number):
        raise ValidationError(
            _("A mobile number has 11 digits and starts with 13 to 19."),
            code="mobile",
        )
    return number


def validate_phone(value: str) -> str:
    """A mobile number or a landline with its area code (0971-6321489)."""
    number = normalize_phone(value)
    if not (_MOBILE.match(number) or _LANDLINE.match(number)):
        raise ValidationError(
            _("Enter a mobile number, or a landline number with its area code."),
            code="phone",
        )
    return number


_PERMIT = re.compile(r"^[A-Z0-9]{6,20}$")


def validate_permit_number(value: str) -> str:
    """Hong Kong/Macao and Taiwan residents' permits: letters and digits."""
    number = normalize_code(value)
    if not _PERMIT.match(number):
        raise ValidationError(
            _("A permit number is 6 to 20 letters and digits."),
            code="permit_number",
        )
    return number
