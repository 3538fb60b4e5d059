"""Scrapy feed exports of the article records (`scrapy crawl news -O out.csv`): JSON Lines and
JSON need nothing, the records are plain dicts; CSV gets the nested fields (authors, raw, audit)
as JSON text in their cell, not Python's repr, so a spreadsheet or `csv` reader gets them back."""

from __future__ import annotations

import json

from scrapy.exporters import CsvItemExporter


class ArticleCsvItemExporter(CsvItemExporter):
    def serialize_field(self, field, name, value):
        if isinstance(value, (list, tuple, dict)):
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return "" if value is None else super().serialize_field(field, name, value)
