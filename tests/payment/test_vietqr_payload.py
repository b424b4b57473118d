"""The NAPAS VietQR payload, checked against the published sample byte for byte."""

import pytest

from commerce.payment.vietqr import ascii_memo, build_payload, crc16_ccitt_false, parse_payload, qr_image

SAMPLE = "00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN62230819thanh toan don hang630470FA"


def test_published_sample_reproduced_byte_for_byte():
    assert build_payload("970436", "1017595600", 180000, "thanh toan don hang") == SAMPLE


def test_crc_is_ccitt_false():
    # The standard check value of CRC-16/CCITT-FALSE.
    assert crc16_ccitt_false(b"123456789") == 0x29B1


def test_checksum_covers_its_own_header():
    body = SAMPLE[:-4]
    assert body.endswith("6304")
    assert f"{crc16_ccitt_false(body.encode()):04X}" == SAMPLE[-4:]


def test_static_code_without_amount():
    payload = build_payload("970436", "1017595600")
    fields = parse_payload(payload)
    assert fields["01"] == "11"
    assert "54" not in fields and "62" not in fields
    assert fields["53"] == "704" and fields["58"] == "VN"


def test_memo_loses_diacritics_and_is_capped():
    assert ascii_memo("Thanh toán đơn hàng Đặc sản") == "Thanh toan don hang Dac s"
    fields = parse_payload(build_payload("970436", "1017595600", 125000, "OCOP ABCDEFGH"))
    assert fields["54"] == "125000"
    assert fields["62"] == "0813OCOP ABCDEFGH"


@pytest.mark.parametrize("bank_bin,account,amount", [("97043", "1", 1), ("970436", "", 1), ("970436", "12 34", 1), ("970436", "1", 10.5)])
def test_bad_inputs_are_refused(bank_bin, account, amount):
    with pytest.raises(ValueError):
        build_payload(bank_bin, account, amount)


def test_images():
    assert qr_image(SAMPLE, "png").startswith(b"\x89PNG")
    assert b"<svg" in qr_image(SAMPLE, "svg")
