"""Tests of the web application: accounts, roles, filing, submission and health."""
