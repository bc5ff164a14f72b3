"""The public catalogue of services (Leistungen) and the site's fixed pages."""
