"""Browser tests: the real app in headless Chromium (Playwright), checked with axe-core."""
