"""Scrapy settings for presswash: a polite, self-contained crawler that needs no internet
beyond the sites it crawls. Only settings that differ from Scrapy's defaults are listed."""

BOT_NAME = "presswash"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"

USER_AGENT = "presswash/0.1 (+https://github.com/presswash/presswash; news archiving crawler)"
ROBOTSTXT_OBEY = True
# Cookies off: news pages do not need them, and Scrapy's cookie middleware would fetch the
# Public Suffix List from the internet on first use.
COOKIES_ENABLED = False
# Nobody should be able to drive a production crawl from the network by default.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

CONCURRENT_REQUESTS = 16
# Items processed at once per response: a page yields one item, and Scrapy starts this many
# asyncio workers for every response's output, so the default 100 is pure overhead here.
CONCURRENT_ITEMS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy parses a callback's source (inspect + ast) to warn of a generator that returns a value,
# cached by bound method: a new one per request, so it misses again and again (0.7-1 ms each).
# presswash's callbacks return nothing (tests/test_scraper/test_callbacks.py checks them once).
WARN_ON_GENERATOR_RETURN_VALUE = False
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0  # a crawl sets each site's own concurrency (presswash.crawl)
# AutoThrottle that 404s cannot ratchet up, with robots.txt Crawl-delay as a floor (scraper/throttle.py)
EXTENSIONS = {"scrapy.extensions.throttle.AutoThrottle": None, "scraper.throttle.SiteThrottle": 0}
# The frontier's order (scraper/frontier.py): priorities by role, and within one priority the
# order requests were made (breadth-first), not Scrapy's default depth-first LIFO.
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
RETRY_TIMES = 2  # 5xx and 429, with a growing wait (PRESSWASH_RETRY_*)
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024  # also caps decompressed size (HttpCompressionMiddleware)
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

DOWNLOADER_MIDDLEWARES = {
    # nothing off the site's origins is requested; every redirect hop is checked (scraper/guard.py)
    "scraper.guard.OriginGuardMiddleware": 40,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "scraper.guard.GuardedMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scraper.guard.GuardedRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scraper.middlewares.BackoffRetryMiddleware": 550,  # retries that wait, honouring Retry-After
    "scraper.middlewares.WarcArchiveMiddleware": 950,
}
DUPEFILTER_CLASS = "scraper.dupefilter.StateDupeFilter"  # on disk, not a set in memory
ITEM_PIPELINES = {"scraper.pipelines.CleanPipeline": 300}

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {"csv": "scraper.feeds.ArticleCsvItemExporter"}  # nested fields as JSON in their cell

# presswash's own settings
PRESSWASH_DATA_DIR = "data"  # raw/ (WARC), articles/ and rejects/ (JSONL) go under it
PRESSWASH_WARC_MAX_BYTES = 1_000_000_000
PRESSWASH_WARC_GZIP_LEVEL = 6  # 1-9: 1 costs about a third of 6's CPU for archives ~18% larger
PRESSWASH_PART_LINES = 10_000  # lines per published JSONL part
PRESSWASH_FORMAT = "jsonl"  # article parts: jsonl or parquet (rejects are always JSON Lines)
PRESSWASH_PROGRESS = ""  # presswash crawl: "live" on a terminal, "log" elsewhere (presswash/crawl_progress.py)
PRESSWASH_PROGRESS_INTERVAL = 0.0  # seconds between progress lines; 0: 0.5 s live, 60 s as log lines
PRESSWASH_RUN_ID = ""  # default: the UTC start time
PRESSWASH_WORKERS = 0  # processes cleaning pages beside the crawl; 0: one per CPU
PRESSWASH_RETRY_BASE_DELAY = 2.0  # seconds before the first retry, doubled for each next one
PRESSWASH_RETRY_MAX_DELAY = 120.0  # the longest wait, Retry-After included
# Link-found URLs requested per URL shape in one run (numbers and opaque tokens blanked,
# scraper/url_clean.py): a calendar or a link farm costs this many requests, not the page budget.
# Sitemap and feed entries do not count.
PRESSWASH_PATTERN_BUDGET = 500
# A crawl shared by several processes over Redis (presswash crawl --state redis://..., docs/scaling.md)
PRESSWASH_STATE = ""  # empty: state.sqlite in the data folder
PRESSWASH_NODE = ""  # this process's node id in a shared crawl (set by presswash crawl)
PRESSWASH_REDIS_LEASE_SECONDS = 30.0  # a node silent this long is dead: its in-flight requests are re-queued
PRESSWASH_REDIS_IDLE_POLL = 0.5  # seconds between an idle node's looks at the frontier while others work
