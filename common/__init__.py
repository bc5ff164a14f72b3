"""What every package of the platform shares: the plug-in registry and the declarative base.

Depends on nothing else in the project, so `forms`, `signing`, `mailgateway` and the web app
may all import it without bending the one-way dependency rule of the house.
"""
