// Buyer journey: one node per stage an account entered, with its date; an account's history is
// looked up by the denormalized accountId.
CREATE CONSTRAINT journey_stage_key IF NOT EXISTS FOR (n:JourneyStage) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE INDEX journey_stage_workspace_account IF NOT EXISTS FOR (n:JourneyStage) ON (n.workspace, n.accountId);
