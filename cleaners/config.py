"""Options of the cleaner chain, in one immutable object passed explicitly to every step."""

from __future__ import annotations

from dataclasses import dataclass

from .site_template import SiteTemplate


@dataclass(frozen=True, slots=True)
class CleanerConfig:
    # extract
    fast_extraction: bool = False  # trafilatura's fast mode: no fallback extractors
    max_body_bytes: int = 10 * 1024 * 1024  # larger pages are refused, not parsed
    # strip_boilerplate: phrases a site adds on top of the built-in lists (matched like them)
    extra_boilerplate_phrases: tuple[str, ...] = ()
    # strip_boilerplate: the site's learned template lines (corpus/site_templates.py); None: none removed
    site_template: SiteTemplate | None = None
    # detect_language
    language_sample_chars: int = 600  # langdetect's cost grows with the text; 600 characters decide
    language_trials: int = 3  # langdetect averages random walks; 7 by default, 3 decide as well on news text
    language_seed: int = 0
    # validate
    min_words: int = 15  # fewer words than this leave nothing to read; real posts of 18 words exist
