# Copy to instance/config.py and adapt. `flask init-instance` writes a config.py with a random
# SECRET_KEY when none exists. Environment variables BUERGERBUERO_<KEY> override every key;
# DATABASE_URL and REDIS_URL are read under their plain names too.
SECRET_KEY = "change-me"
SITE_NAME = "Bürgerbüro Musterstadt"
MUNICIPALITY = "Stadt Musterstadt"
# The shipped Datenschutzerklärung's contacts (empty: a placeholder, and a warning on
# Verwaltung → Rechtliche Seiten until they are set or an own text is saved):
# PRIVACY_CONTROLLER_CONTACT = "Rathausplatz 1, 12345 Musterstadt, rathaus@musterstadt.example"
# PRIVACY_OFFICER_CONTACT = "datenschutz@musterstadt.example, Rathausplatz 1, 12345 Musterstadt"
# PRIVACY_SUPERVISORY_AUTHORITY = "die oder der Landesbeauftragte für den Datenschutz, …"
# DATABASE_URL = "postgresql+psycopg://buergerbuero@db.example.internal/buergerbuero"
# REDIS_URL = "redis://redis.example.internal:6379/0"
# TRUSTED_PROXIES = 1                   # behind one TLS-terminating reverse proxy: its
#                                       # X-Forwarded-For/-Proto count (rate limits, Secure cookies)
# SESSION_COOKIE_SECURE = True          # Secure even on plain-HTTP requests (default: on HTTPS)
# MAX_CONTENT_LENGTH = 16 * 1024 * 1024 # largest request; beyond it a German 413 page
# FILES_ENCRYPTION_KEY_FILE = "/run/secrets/buergerbuero-file-keys"  # the files' keys, kept
#                                       # apart from the files (default: instance/file-keys)
# FILES_ENCRYPTION_KEYS = ["k2026:<32 bytes base64url>"]  # or here; the first seals new files
# RATELIMIT_LOGIN = "10 per minute"
# PRIVACY_LOG_RETENTION_DAYS = 7       # how long the servers keep access logs: the privacy
#                                       # statement (/seiten/datenschutz) names it
# MAILGATEWAY_MAX_ATTEMPTS = 8
# MAILGATEWAY_SMTP_HOST = "mail.example.internal"; MAILGATEWAY_SMTP_PORT = 587
# MAILGATEWAY_SMTP_STARTTLS = True; MAILGATEWAY_SMTP_FROM = "poststelle@musterstadt.example"
# MAILGATEWAY_WEBHOOK_ALLOWED = ["https://fachverfahren.musterstadt.example/eingang/"]
# MAILGATEWAY_WEBHOOK_SECRETS = {"gewerbeamt": "a long random secret"}
# AUDIT_SEAL_INTERVAL_SECONDS = 24 * 60 * 60  # sign the audit chain's head this often (relay)
# AUDIT_SEAL_FILE = "/var/lib/buergerbuero/audit-seals.jsonl"  # every seal appended; ship it off
# ARCHIVE_DROP_FOLDER = "/srv/stadtarchiv/eingang"  # evidence bundles offered to the archive
# DRAFT_RETENTION_DAYS = 90; DRAFT_WARNING_DAYS = 7   # abandoned drafts: deleted, warned before
# PRIVACY_PURGE_INTERVAL_SECONDS = 86400              # the relay's Löschfrist run
