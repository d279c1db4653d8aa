"""The HTTP edge: the Starlette app, auth, middleware, health routes, settings, the CLI."""
