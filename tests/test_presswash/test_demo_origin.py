"""The demo site keeps its origin across runs: the port of the last run, else the fixed one,
else a fallback, so the crawl state sees one site and a re-run is incremental."""

import socket

from presswash.demo import DEMO_PORT, PORT_FILE, demo_server, remember_port


def test_a_busy_fixed_port_falls_back_and_the_fallback_is_kept(tmp_path):
    blocker = socket.socket()
    try:
        try:
            blocker.bind(("127.0.0.1", DEMO_PORT))
            blocker.listen()
        except OSError:
            pass  # busy already: exactly the case under test
        with demo_server(tmp_path) as first:
            assert not first.base_url.endswith(f":{DEMO_PORT}")
            remember_port(tmp_path, first.base_url)
            fallback = first.base_url
    finally:
        blocker.close()
    assert (tmp_path / PORT_FILE).read_text() == fallback.rsplit(":", 1)[1] + "\n"
    with demo_server(tmp_path) as again:  # the fixed port may be free now: the remembered one wins
        assert again.base_url == fallback


def test_a_broken_port_file_is_ignored(tmp_path):
    (tmp_path / PORT_FILE).write_text("not a port\n")
    with demo_server(tmp_path) as site:
        assert site.base_url.startswith("http://127.0.0.1:")
