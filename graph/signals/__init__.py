"""Graph signals: events computed from the account graph when its data changes, a durable
outbox in Neo4j, webhooks with signed, leased, retried deliveries (docs/SIGNALS.md).

The modules, one concept each: ``model`` (event types, events, an account's signal state),
``marks`` (what every write path marks dirty), ``state`` (an account's state and the events
between two), ``scan`` (the change scan and the daily sweep), ``outbox`` (events stored and
read), ``webhooks`` (registrations), ``deliveries`` (leases, retries, the log, replays),
``signing`` (the signature header) and ``worker`` (the loop that delivers).
"""
