"""`presswash fix-scripts` on a name alone, on one field of JSON Lines and on one CSV column, run as
a real process; the JSON scanner that keeps a line's other bytes is checked in-process too."""

import io
import json
import subprocess
import sys

import pytest
from helpers import REPO

from presswash.fix_scripts_cmd import fix_csv, fix_jsonl, string_values


def fix_scripts(data: bytes, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "presswash.cli", "fix-scripts", *args], input=data,
                          capture_output=True, cwd=REPO, timeout=60)


def test_a_name_alone_is_repaired_without_language():
    proc = fix_scripts("Dиnara Закиеva\n".encode(), "--explain")
    assert proc.returncode == 0 and proc.stdout.decode() == "Dinara Zakieva\n"
    assert "line 1: transliteration: Закиеva -> Zakieva (script-level Latn rules)" in proc.stderr.decode()


@pytest.mark.parametrize("line", ["Т-34", "BMW X5", "Закиеva", "ВBС", "KАZАKHSTАN", "TNFα", "μmol", "Су-35 и МиГ-29"])
def test_models_abbreviations_and_undecidable_words_alone_stay(line):
    assert fix_scripts(f"{line}\n".encode()).stdout.decode() == f"{line}\n"


def test_jsonl_field_repairs_that_field_and_keeps_every_other_byte():
    lines = [
        '{"id": 7,  "title": "Рutin", "text": "President Рutin spoke.", "n": [1, {"text": "Рutin"}]}\r\n',
        '{"text":"\\u0420utin and \\u0420utin","z":1}\n',  # escaped input stays escaped
        '{"text": null, "other": "Рutin"}\n',  # not a string: unchanged, and so is every other field
        "\n",
        '{"lang":"en","text":"Dиnara Закиеva"}',  # no final newline
    ]
    proc = fix_scripts("".join(lines).encode(), "--jsonl-field", "text")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == "".join([
        '{"id": 7,  "title": "Рutin", "text": "President Putin spoke.", "n": [1, {"text": "Рutin"}]}\r\n',
        '{"text":"Putin and Putin","z":1}\n',
        '{"text": null, "other": "Рutin"}\n',
        "\n",
        '{"lang":"en","text":"Dinara Zakieva"}',
    ])
    for line in proc.stdout.decode().splitlines():
        if line:
            assert json.loads(line)  # still JSON, key order as it was


def test_jsonl_field_passes_a_line_that_is_not_an_object_through_and_says_so():
    data = b'not json\n{"text": "\xd0\xa0utin", "raw": "\xff"}\n[1, 2]\n'
    proc = fix_scripts(data, "--jsonl-field", "text")
    assert proc.returncode == 1
    assert proc.stdout == b'not json\n{"text": "Putin", "raw": "\xff"}\n[1, 2]\n'  # bytes that are not UTF-8 kept
    err = proc.stderr.decode()
    assert "line 1: not a JSON object" in err and "line 3: not a JSON object" in err and "line 2" not in err


def test_csv_column_repairs_that_column_and_keeps_the_header():
    data = ("\ufeffid;title;body\r\n"
            '1;Dиnara Закиеva;"Рutin, ""Рutin"""\r\n'
            '2;"President Рutin\r\nsecond line";x\r\n'
            "3\r\n").encode()  # a short row: no such cell, written as it is
    proc = fix_scripts(data, "--csv-column", "title", "--csv-delimiter", ";")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == ("\ufeffid;title;body\r\n"
                                    '1;Dinara Zakieva;"Рutin, ""Рutin"""\r\n'
                                    '2;"President Putin\r\nsecond line";x\r\n'
                                    "3\r\n")


def test_csv_column_that_is_not_in_the_header_is_a_usage_error():
    proc = fix_scripts(b"id,text\n1,x\n", "--csv-column", "title")
    assert proc.returncode == 2 and proc.stdout == b""
    assert "no column 'title' in the CSV header (id, text)" in proc.stderr.decode()
    assert fix_scripts(b"x\n", "--csv-column", "a", "--jsonl-field", "b").returncode == 2  # one or the other


def test_string_values_finds_the_spans_of_top_level_strings_only():
    line = '{ "a" : "x\\"y" , "b": {"a": "inner"}, "a": 3, "a":"last" }'
    assert [(line[s:e], v) for s, e, v in string_values(line, "a")] == [('"x\\"y"', 'x"y'), ('"last"', "last")]
    assert list(string_values("{}", "a")) == []
    for bad in ('{"a": 1', '{"a" 1}', '{"a": 1} 2', "[]", '{"a": tru}'):
        with pytest.raises(ValueError):
            list(string_values(bad, "a"))


def test_in_process_filters_take_any_binary_streams():
    def upper(text, where):
        return text.upper()

    out = io.BytesIO()
    assert fix_jsonl(io.BytesIO(b'{"t": "ab", "u": "cd"}\n'), out, "t", upper) == 0
    assert out.getvalue() == b'{"t": "AB", "u": "cd"}\n'
    out = io.BytesIO()
    assert fix_csv(io.BytesIO(b"t,u\nab,cd\n"), out, "u", ",", upper) == 0
    assert out.getvalue() == b"t,u\nab,CD\n"
    out = io.BytesIO()
    assert fix_csv(io.BytesIO(b""), out, "u", ",", upper) == 0 and out.getvalue() == b""
