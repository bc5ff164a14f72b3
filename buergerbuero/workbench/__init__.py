"""The case workers' side: the department's inbox (Postfach) and working a case."""
