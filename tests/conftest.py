"""Shared fixtures: the founding corpus and a database with it imported."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


def corpus_file(prefix: str) -> Path:
    return next(CORPUS.glob(f"{prefix}_*.txt"))
