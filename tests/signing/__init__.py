"""Tests of the signing package."""
