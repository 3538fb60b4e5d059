# The package installed, and the demo as the default command:
#   docker build -t presswash . && docker run --rm presswash
# The demo serves its own site on the container's 127.0.0.1 and crawls it; mount a volume on
# /data to keep what it writes. For scheduled crawls: docker run ... presswash crawl --sites ...
FROM python:3.11-slim

WORKDIR /src
COPY pyproject.toml README.md LICENSE sites.example.toml scrapy.cfg ./
COPY presswash ./presswash
COPY scraper ./scraper
COPY cleaners ./cleaners
COPY output ./output
COPY corpus ./corpus
RUN pip install --no-cache-dir . && useradd --create-home presswash && mkdir /data && chown presswash /data

USER presswash
WORKDIR /data
VOLUME /data
CMD ["presswash", "demo", "--data-dir", "/data"]
