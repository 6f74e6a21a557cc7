import phonenumbers


class InvalidPhoneNumber(ValueError):
    pass


def normalize_phone(raw: str) -> str:
    """010-1234-5678, 01012345678 and +82 10-1234-5678 → +821012345678 (E.164).

    Only mobile numbers can receive the SMS code, so landlines are refused."""
    try:
        number = phonenumbers.parse(str(raw).strip(), "KR")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumber(str(raw)) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber(str(raw))
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidPhoneNumber(str(raw))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str | None) -> str:
    """+821099990000 → 010-9999-0000: how a Korean number is read and written at home (admin
    greetings, lists). Anything that does not parse is returned as it is."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "KR")
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code != 82:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
