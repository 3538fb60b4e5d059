from output.schema import validate_lines


def test_line_numbers_and_reasons_of_every_problem():
    good = (b'{"schema_version":"2.0.0","url":"u","stage":"fetch","reason":"http_404","detail":"","fetched_at":null,'
            b'"raw":null,"chain_version":"1.0.0"}\n')
    lines = [good, b"not json\n", b'{"schema_version":"1.0"}\n', "caf\xe9\n".encode("latin-1"), good[:-1]]
    errors = list(validate_lines(iter(lines), "reject"))
    by_line = {}
    for e in errors:
        by_line.setdefault(e.line, []).append(e.message)
    assert set(by_line) == {2, 3, 4, 5}
    assert "not JSON" in by_line[2][0]
    assert any("'url' is a required property" in m for m in by_line[3])
    assert "not UTF-8" in by_line[4][0]
    assert "no newline" in by_line[5][0]
