"""Bürgerbüro: the Flask application of the online citizen office."""

from __future__ import annotations

import os

from flask import Flask


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the web application: config, extensions, blueprints, CLI."""
    from . import auth, notifications, privacy, sprechstunde
    from .auth import commands as auth_commands
    from .cases import (
        bekanntgabe_hooks,
        message_files,
        query_reminders,
        upload_cleanup,
        uploads,
    )
    from .catalogue import commands as catalogue_commands
    from .catalogue import legal_pages
    from .core import (
        caching,
        cli,
        errors,
        filemodes,
        https,
        i18n,
        log_masking,
        request_guard,
        templating,
        url_converters,
    )
    from .core.config import configure
    from .core.extensions import csrf, db, limiter, login_manager
    from .public import council, council_commands

    filemodes.restrict_umask()  # before anything writes: web, CLI and launcher all come here
    instance_path = instance_path or os.environ.get("BUERGERBUERO_INSTANCE") or None
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    configure(app, test_config)
    https.init_app(app)
    i18n.init_app(app)
    url_converters.init_app(app)
    db.init_app(app)
    request_guard.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    auth.init_login(login_manager)

    import mailgateway

    from .workbench.gateway_hooks import init_gateway

    mailgateway.init_app(app, lambda: db.session)
    init_gateway(app)
    notifications.init_app(app)  # mail: sending, the residents' notices, digest, catcher page
    uploads.init_app(app)
    upload_cleanup.init_app(app)  # the orphan purge: CLI command and relay round
    message_files.init_app(app)  # a message's limits
    query_reminders.init_app(app)  # the Rückfrage's reminder: relay round
    bekanntgabe_hooks.init_app(app)  # a Bescheid's notice, retrieval, ten days, closing
    sprechstunde.init_app(app)  # settings, the reminder (relay round), withdrawal hook
    council.init_app(app)  # committees and meetings: config, documents' folder
    legal_pages.init_app(app)  # the legal pages' limits, feedback channel, enforcement text
    privacy.init_app(app)  # Löschfrist, own data, audit chain, files at rest: commands, relay
    register_blueprints(app)
    log_masking.init_app(app)  # no link secret or query value in a log line (the URL map's)
    errors.init_app(app)
    templating.init_app(app)
    caching.init_app(app)
    cli.init_app(app)
    catalogue_commands.init_app(app)  # `flask services`: the catalogue's own commands
    auth_commands.init_app(app)  # `flask users`: staff accounts
    council_commands.init_app(app)  # `flask oparl`: import and export of meetings
    filemodes.init_app(app)
    return app


def register_blueprints(app: Flask) -> None:
    """Mount one blueprint per area."""
    from . import (
        admin,
        api,
        auth,
        cases,
        catalogue,
        privacy,
        public,
        sprechstunde,
        workbench,
    )

    app.register_blueprint(catalogue.bp)
    app.register_blueprint(auth.bp, url_prefix="/konto")
    app.register_blueprint(cases.bp, url_prefix="/antraege")
    app.register_blueprint(workbench.bp, url_prefix="/postfach")
    app.register_blueprint(admin.bp, url_prefix="/verwaltung")
    app.register_blueprint(api.bp, url_prefix="/api")
    app.register_blueprint(public.bp)
    app.register_blueprint(sprechstunde.bp, url_prefix="/sprechstunde")
    app.register_blueprint(privacy.bp, url_prefix="/meine-daten")
