"""Upkeep of entries already listed in the README: venue refreshes for preprints that have been accepted."""
