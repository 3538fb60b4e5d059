import sys
from pathlib import Path

import pytest

from cleaners.config import CleanerConfig

# bench/ scripts double as test helpers (golden_pages.run): make them importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))


@pytest.fixture
def config() -> CleanerConfig:
    return CleanerConfig()
