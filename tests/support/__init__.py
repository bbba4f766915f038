"""Helpers the tests share: data folders, AppTest helpers, hostile inputs, broken-data
cases, deck tools and the reference scenarios. No tests here; a test module imports
from this package, never from another test module."""
