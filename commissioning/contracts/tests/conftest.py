"""What the contract tests share: a media directory of each test's own."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def media_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
