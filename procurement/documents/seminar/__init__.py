"""Seminar mode: a bank of teaching scenarios, votes, the reveal, and handouts."""
