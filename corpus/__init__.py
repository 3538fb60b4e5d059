"""Work over many articles at once, fed by output records and pure of Scrapy: the diff of two
article sets (diff.py), the near-duplicate index (near_duplicates.py), per-site template profiles
(site_templates.py) and the drift statistics of a site's runs (drift.py)."""
