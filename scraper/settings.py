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
CONCURRENT_REQUESTS_PER_DOMAIN = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024  # also caps decompressed size (HttpCompressionMiddleware)
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

DOWNLOADER_MIDDLEWARES = {"scraper.middlewares.WarcArchiveMiddleware": 950}
ITEM_PIPELINES = {"scraper.pipelines.CleanPipeline": 300}

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

# presswash's own settings
PRESSWASH_DATA_DIR = "data"  # raw/ (WARC), articles/ and rejects/ (JSONL) go under it
PRESSWASH_WARC_MAX_BYTES = 1_000_000_000
PRESSWASH_PART_LINES = 10_000  # lines per published JSONL part
PRESSWASH_RUN_ID = ""  # default: the UTC start time
