"""Work over many articles at once, fed by output records and pure of Scrapy: the diff of two
article sets (diff.py) and the near-duplicate index (near_duplicates.py)."""
