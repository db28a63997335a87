"""Paths shared by the tests: the repository's examples and the NumPy fixture functions."""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
DATA = ROOT / "tests" / "data"
FIXTURES = ROOT / "tests" / "fixtures"

# The NumPy equivalents of every run test and example (tests/fixtures/programs.py).
sys.path.insert(0, str(FIXTURES))
