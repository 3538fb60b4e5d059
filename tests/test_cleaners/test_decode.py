import pytest

from cleaners.decode import DecodeError, decode_html


def page(body: str, meta: str = "") -> str:
    return f"<html><head>{meta}</head><body><p>{body}</p></body></html>"


def test_utf8_without_any_declaration():
    text, enc = decode_html(page("Қазақстан — «жаңа»").encode("utf-8"))
    assert "Қазақстан — «жаңа»" in text and enc == "utf-8"


def test_meta_charset_is_honoured():
    raw = page("Казахстан", '<meta charset="windows-1251">').encode("cp1251")
    text, enc = decode_html(raw)
    assert "Казахстан" in text and enc == "cp1251"


def test_http_charset_wins_over_meta_when_it_decodes():
    raw = page("Казахстан", '<meta charset="utf-8">').encode("koi8_r")
    assert "Казахстан" in decode_html(raw, "koi8-r")[0]


def test_a_lying_http_charset_falls_back_to_the_page():
    raw = page("Қазақстан", '<meta charset="utf-8">').encode("utf-8")
    assert "Қазақстан" in decode_html(raw, "us-ascii")[0]


def test_latin1_label_means_windows_1252():
    raw = page("“curly”", '<meta charset="iso-8859-1">').encode("cp1252")
    assert "“curly”" in decode_html(raw)[0]


def test_byte_order_mark():
    raw = "\ufeff".encode("utf-8") + page("café").encode("utf-8")
    assert "café" in decode_html(raw)[0]


def test_undeclared_legacy_encoding_is_guessed_not_lost():
    raw = page("Это обычный русский текст о погоде в Алматы и Астане на этой неделе. " * 5).encode("cp1251")
    text, _ = decode_html(raw)
    assert "русский текст" in text


@pytest.mark.parametrize("raw", [b"", b"   \n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"])
def test_empty_or_binary_is_an_error(raw):
    with pytest.raises(DecodeError):
        decode_html(raw)


def test_a_stray_broken_byte_does_not_change_the_encoding():
    text = "<html><head><meta charset='utf-8'></head><body><p>" + "Zażółć gęślą jaźń. " * 200 + "</p></body></html>"
    body = text.encode("utf-8").replace("jaźń".encode(), b"ja\xc3(\xbd", 1)
    decoded, encoding = decode_html(body)
    assert encoding == "utf-8" and decoded.count("Zażółć") == 200


def test_a_page_declaring_utf8_but_written_in_another_encoding_is_not_read_as_utf8():
    body = ("<html><head><meta charset='utf-8'></head><body><p>" + "Café crème, señor. " * 50 + "</p></body></html>"
            ).encode("windows-1252")
    decoded, encoding = decode_html(body)
    assert encoding != "utf-8" and "\ufffd" not in decoded


def test_single_byte_text_with_a_few_high_bytes_is_not_taken_for_broken_utf8():
    body = (b"<html><body><p>" + b"Plain ASCII text about the city council. " * 70
            + b"It\x92s a caf\xe9.</p></body></html>")
    decoded, encoding = decode_html(body)
    assert encoding != "utf-8" and "It\u2019s a caf\u00e9." in decoded


def test_mostly_valid_utf8_stays_utf8_with_a_replacement_character():
    # English with a handful of UTF-8 characters and one broken byte: guessing would pick a
    # legacy code page and garble every one of them
    text = page("The café on the square — “open again” — served 40 guests. " * 3 + "Ends here.")
    body = text.encode("utf-8").replace(b"Ends", b"\xffEnds", 1)
    decoded, encoding = decode_html(body)
    assert encoding == "utf-8" and decoded.count("café") == 3 and decoded.count("\ufffd") == 1


def test_a_stray_nul_in_the_head_does_not_make_html_binary():
    body = page("A real page with one NUL byte up top.", "<title>\x00Title</title>").encode("utf-8")
    decoded, _ = decode_html(body)
    assert "<title>Title</title>" in decoded and "\x00" not in decoded


def test_noncharacters_leave_the_text_and_controls_are_left_to_normalize_unicode():
    body = page("a\ufffeb\uffffc\ufdd0d\U0010ffffe\U0001fffef, \x07bell and zero\u200dwidth joiner stay").encode()
    decoded, _ = decode_html(body)
    assert "abcdef, \x07bell and zero\u200dwidth joiner stay" in decoded  # normalize_unicode audits the bell
