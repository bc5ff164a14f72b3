"""Tests of the form engine: loading definitions, field types, answers and review."""
