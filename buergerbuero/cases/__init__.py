"""Residents' side of a case: filing drafts step by step, Meine Anträge, the message box."""
