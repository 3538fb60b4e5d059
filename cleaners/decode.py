"""Bytes to text for HTML pages, in the order browsers use: BOM, HTTP charset, <meta>, then guessing.

beautifulsoup4's encoding helpers find the BOM and the declared encoding; the WHATWG label rules
below fix the common lies (a page "in" ISO-8859-1 is really windows-1252).
"""

from __future__ import annotations

import codecs
import re

from bs4.dammit import EncodingDetector, UnicodeDammit

_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)

# WHATWG Encoding Standard: labels that browsers decode as something else.
_WHATWG_ALIASES = {
    "iso-8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "iso-8859-9": "windows-1254",
    "tis-620": "windows-874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-user-defined": "windows-1252",
}


DECLARATION_SCAN = 65536  # bytes searched for <meta charset>: inline scripts and styles can come first
# Mostly-valid UTF-8 stays UTF-8 (broken bytes become U+FFFD, as a browser shows them): at least
# as many valid multi-byte characters as broken ones, and few broken ones. Single-byte text
# (windows-1252, -1251) almost never forms a valid multi-byte sequence, so its high bytes all
# count as broken and it goes on to detection.
MULTIBYTE_PER_STRAY = 1
STRAY_BYTES = 0.01  # share of undecodable characters still read as stray bytes of UTF-8
BINARY_SCAN = 2048
BINARY_NULS = 0.01  # share of NUL bytes in the first 2 KB that makes a body binary, not one stray NUL
# What leaves the decoded text: NUL (the HTML parser ignores it in text) and Unicode's
# noncharacters (U+FDD0-U+FDEF and the last two code points of every plane), which are never
# text. Other control characters are normalize_unicode's, which records each one it removes.
_UNWANTED = re.compile("[\x00\ufdd0-\ufdef" + "".join(f"\\U{p:04x}fffe\\U{p:04x}ffff" for p in range(17)) + "]")
# The bytes each of those has in UTF-8: U+FDD0-U+FDEF start EF B7; U+FFFE, U+FFFF and their twins
# in the other planes end BF BE or BF BF. Bytes without any of them decode to text without any of
# them, and a search of the bytes costs a fiftieth of the regex's scan of the text.
_UTF8_UNWANTED = (b"\x00", b"\xef\xb7", b"\xbf\xbe", b"\xbf\xbf")


class DecodeError(ValueError):
    pass


def _usable(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _WHATWG_ALIASES.get(label, label)
    # A <meta> cannot honestly declare UTF-16: the document we are reading it from is ASCII-based.
    if label.startswith("utf-16") or label.startswith("utf-32"):
        return "utf-8"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _CHARSET_RE.search(content_type)
    return m.group(1) if m else None


def decode_html(body: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Raises DecodeError for empty or binary input."""
    if not body.strip():
        raise DecodeError("empty body")
    data, bom_encoding = EncodingDetector.strip_byte_order_mark(body)
    if bom_encoding:
        return _clean(data.decode(bom_encoding, errors="replace")), bom_encoding
    head = data[:BINARY_SCAN]
    if head.count(b"\x00") > BINARY_NULS * len(head) or (b"\x00" in head and b"<" not in head):
        raise DecodeError("binary content (NUL bytes) in an HTML response")
    text, encoding = _decode(data, http_charset)
    return _clean(text, data, encoding), encoding


def _clean(text: str, data: bytes = b"", encoding: str = "") -> str:
    if encoding == "utf-8" and not any(mark in data for mark in _UTF8_UNWANTED):
        return text
    return _UNWANTED.sub("", text)


def _decode(data: bytes, http_charset: str | None) -> tuple[str, str]:
    declared = EncodingDetector.find_declared_encoding(data[:DECLARATION_SCAN], is_html=True)
    tried = []
    for label in (http_charset, declared, "utf-8"):
        encoding = _usable(label)
        if encoding is None or encoding in tried:
            continue
        tried.append(encoding)
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    # A stray broken byte in a page that is otherwise UTF-8 (many valid multi-byte characters
    # around it): a browser shows it as a replacement character; guessing another encoding would
    # garble the whole page. A page of single-byte text with a few high bytes is not UTF-8.
    if "utf-8" in tried:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        multibyte = sum(1 for c in text if c > "\x7f") - bad
        if bad <= STRAY_BYTES * len(text) and multibyte >= MULTIBYTE_PER_STRAY * bad:
            return text, "utf-8"
    # Nothing declared decodes cleanly: let beautifulsoup4 guess (it ends at windows-1252).
    dammit = UnicodeDammit(data, is_html=True, exclude_encodings=tried)
    if dammit.unicode_markup is None:
        raise DecodeError(f"could not decode with {', '.join(tried)} or a detected encoding")
    return dammit.unicode_markup, dammit.original_encoding or "unknown"
