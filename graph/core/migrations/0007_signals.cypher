// Graph signals (graph/signals): dirty marks written by every write path, each account's last
// signal state, the per-workspace ledger (event sequence, daily sweep), the outbox of events,
// webhooks and their deliveries (claimed with a lease by one API worker at a time).
CREATE CONSTRAINT signal_mark_key IF NOT EXISTS FOR (n:SignalMark) REQUIRE (n.workspace, n.accountId) IS UNIQUE;
CREATE INDEX signal_mark_dirty IF NOT EXISTS FOR (n:SignalMark) ON (n.dirty);
CREATE CONSTRAINT signal_state_key IF NOT EXISTS FOR (n:SignalState) REQUIRE (n.workspace, n.accountId) IS UNIQUE;
CREATE CONSTRAINT signal_ledger_key IF NOT EXISTS FOR (n:SignalLedger) REQUIRE n.workspace IS UNIQUE;
CREATE CONSTRAINT signal_event_key IF NOT EXISTS FOR (n:SignalEvent) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE INDEX signal_event_seq IF NOT EXISTS FOR (n:SignalEvent) ON (n.workspace, n.seq);
CREATE CONSTRAINT webhook_key IF NOT EXISTS FOR (n:Webhook) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT webhook_delivery_key IF NOT EXISTS FOR (n:WebhookDelivery) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE INDEX webhook_delivery_due IF NOT EXISTS FOR (n:WebhookDelivery) ON (n.state, n.nextAttemptAt);
CREATE INDEX webhook_delivery_line IF NOT EXISTS FOR (n:WebhookDelivery) ON (n.workspace, n.webhookId, n.accountId);
CREATE INDEX webhook_delivery_workspace_seq IF NOT EXISTS FOR (n:WebhookDelivery) ON (n.workspace, n.eventSeq);
CREATE INDEX partner_account_workspace_domain IF NOT EXISTS FOR (n:PartnerAccount) ON (n.workspace, n.domain);
CREATE INDEX partner_account_workspace_name_key IF NOT EXISTS FOR (n:PartnerAccount) ON (n.workspace, n.nameKey);
