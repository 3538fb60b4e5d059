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
MULTIBYTE_PER_STRAY = 20  # valid multi-byte characters for each broken one
STRAY_BYTES = 0.001  # share of undecodable characters still read as stray bytes of the declared encoding


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
        return data.decode(bom_encoding, errors="replace"), bom_encoding
    if b"\x00" in data[:2048]:
        raise DecodeError("binary content (NUL bytes) in an HTML response")
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
