"""Batch assessment of applicant lists: reading, ranking, budget selection."""
