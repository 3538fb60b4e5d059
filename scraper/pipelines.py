"""The item pipeline: every fetched page goes through the cleaner chain and ends up as an
article line or a reject line; fetch failures become reject lines too.

Output files are published atomically in parts (see output.sinks), so a consumer listing
data/articles/ never reads a partial file.
"""

from __future__ import annotations

from pathlib import Path

from cleaners.chain import CHAIN_VERSION, clean
from cleaners.config import CleanerConfig
from cleaners.records import RawPage
from output.sink import ResultSink
from output.sinks import RollingJsonlWriter

from .items import FetchFailed


class CleanPipeline:
    def __init__(self, data_dir: Path, config: CleanerConfig, part_lines: int):
        self.data_dir = data_dir
        self.config = config
        self.part_lines = part_lines
        self.sink: ResultSink | None = None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        pipeline = cls(
            Path(s.get("PRESSWASH_DATA_DIR", "data")),
            CleanerConfig(),
            s.getint("PRESSWASH_PART_LINES", 10_000),
        )
        pipeline.crawler = crawler
        pipeline.stats = crawler.stats
        return pipeline

    def open_spider(self) -> None:
        run_id = self.crawler.spider.run_id
        self.articles = RollingJsonlWriter(self.data_dir / "articles", f"articles-{run_id}", self.part_lines)
        self.rejects = RollingJsonlWriter(self.data_dir / "rejects", f"rejects-{run_id}", self.part_lines)
        self.sink = ResultSink(self.articles, self.rejects, CHAIN_VERSION)

    def process_item(self, item):
        if isinstance(item, RawPage):
            record = self.sink.page(item, clean(item, self.config))
            self.stats.inc_value("presswash/articles" if record else "presswash/rejected")
        elif isinstance(item, FetchFailed):
            self.sink.failure(item.url, "fetch", item.reason, item.detail, item.fetched_at, item.raw)
            self.stats.inc_value("presswash/rejected")
        return item

    def close_spider(self) -> None:
        self.stats.set_value("presswash/article_files", [str(p) for p in self.articles.close()])
        self.stats.set_value("presswash/reject_files", [str(p) for p in self.rejects.close()])
        for (stage, reason), n in sorted(self.sink.rejected.items()):
            self.stats.set_value(f"presswash/rejected/{stage}/{reason}", n)
