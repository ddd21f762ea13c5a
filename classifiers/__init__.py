"""The relevance and section classifiers: datasets, models, persistence and evaluation."""
