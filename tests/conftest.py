import pytest

from cleaners.config import CleanerConfig


@pytest.fixture
def config() -> CleanerConfig:
    return CleanerConfig()
