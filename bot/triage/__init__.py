"""Maintainer triage: review queued papers one key at a time (session), or apply a CSV of decisions (batch)."""
