"""GraphQL of graph signals: the event log, webhooks and their delivery log, and the
subscription (docs/SIGNALS.md)."""
