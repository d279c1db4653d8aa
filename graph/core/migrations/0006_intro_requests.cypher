// Intro requests (graph/intros): one node per request, one per dated state change. A change's
// idempotency key is unique per workspace and caller scope (our team, or one partner), so a
// replayed mutation finds the change it made; a request's changes and the lists are looked up
// by the denormalized ids.
CREATE CONSTRAINT intro_request_key IF NOT EXISTS FOR (n:IntroRequest) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT intro_request_change_key IF NOT EXISTS FOR (n:IntroRequestChange) REQUIRE (n.workspace, n.scope, n.key) IS UNIQUE;
CREATE INDEX intro_request_change_request IF NOT EXISTS FOR (n:IntroRequestChange) ON (n.workspace, n.requestId);
CREATE INDEX intro_request_workspace IF NOT EXISTS FOR (n:IntroRequest) ON (n.workspace);
CREATE INDEX intro_request_workspace_account IF NOT EXISTS FOR (n:IntroRequest) ON (n.workspace, n.accountId);
CREATE INDEX intro_request_workspace_partner IF NOT EXISTS FOR (n:IntroRequest) ON (n.workspace, n.partnerId);
