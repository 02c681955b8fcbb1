import datetime

import pytest
from django.core.exceptions import ValidationError

from delegations.validators import (
    credit_code_check_char,
    resident_id_check_char,
    validate_credit_code,
    validate_mobile,
    validate_passport_number,
    validate_phone,
    validate_resident_id,
)
from tests.languages import speaking

# Codes printed on real business licences, and the standard's own example ID number.
REAL_CREDIT_CODES = ["91350100M000100Y43", "91110000100006485K"]


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_real_credit_codes_pass(code):
    assert validate_credit_code(code) == code


def test_credit_code_is_normalised_from_full_width_and_spaces():
    assert validate_credit_code(" ９１３５０１００Ｍ０００１００Ｙ４３ ") == "91350100M000100Y43"
    assert validate_credit_code("91350100m000100y43") == "91350100M000100Y43"


@pytest.mark.parametrize(
    "code,error",
    [
        ("91350100M000100Y4", "credit_code_length"),
        ("91350100M000100Y433", "credit_code_length"),
        ("91350100M000100I43", "credit_code_chars"),  # I is never used
        ("91350100M000100O43", "credit_code_chars"),
        ("913501A0M000100Y43", "credit_code_area"),
        ("91350100M000100Y44", "credit_code_check"),  # one character off
        ("91350100M000010Y43", "credit_code_check"),  # two characters swapped
    ],
)
def test_wrong_credit_codes_say_what_is_wrong(code, error):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.code == error


def test_every_check_character_is_caught_when_mistyped():
    first17 = "91630100MA0000123"
    right = credit_code_check_char(first17)
    for wrong in "0123456789ABCDEFGHJKLMNPQRTUWXY".replace(right, ""):
        with pytest.raises(ValidationError):
            validate_credit_code(first17 + wrong)


def test_credit_code_message_in_chinese_and_english():
    with speaking("zh-hans"), pytest.raises(ValidationError) as exc:
        validate_credit_code("91350100M000100Y44")
    assert "校验" in exc.value.messages[0]
    with speaking("en"):
        with pytest.raises(ValidationError) as exc:
            validate_credit_code("91350100M000100Y44")
        assert "check character" in exc.value.messages[0]


def test_resident_id_standard_example_passes():
    assert validate_resident_id("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    "number,error",
    [
        ("11010519491231002", "resident_id_length"),
        ("1101051949123100XX", "resident_id_chars"),
        ("01010519491231002X", "resident_id_area"),
        ("110105194902300025", "resident_id_birth_date"),  # 30 February
        ("110105194912310021", "resident_id_check"),
    ],
)
def test_wrong_resident_ids_say_what_is_wrong(number, error):
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(number)
    assert exc.value.code == error


def test_resident_id_born_in_the_future_is_refused():

    first17 = "63010220300101001"
    number = first17 + resident_id_check_char(first17)
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(number, today=datetime.date(2026, 11, 23))
    assert exc.value.code == "resident_id_birth_date"


def test_resident_id_message_in_chinese():
    with speaking("zh-hans"), pytest.raises(ValidationError) as exc:
        validate_resident_id("110105194902300025")
    assert "出生日期" in exc.value.messages[0]


def test_phones_and_passports():
    assert validate_mobile("139 9726 6051") == "13997266051"
    assert validate_phone("0971—6321489") == "09716321489"
    assert validate_passport_number("e1234567 ") == "E1234567"
    for bad, check in [
        ("12345", validate_mobile),
        ("abc", validate_phone),
        ("E1", validate_passport_number),
    ]:
        with pytest.raises(ValidationError):
            check(bad)
