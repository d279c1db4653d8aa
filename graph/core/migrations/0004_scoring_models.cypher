// Account scoring (ideal customer profile) and persona definitions are versioned per workspace:
// one node per saved version, never overwritten, so a quarterly review can compare versions.
CREATE CONSTRAINT scoring_model_key IF NOT EXISTS FOR (n:ScoringModel) REQUIRE (n.workspace, n.version) IS UNIQUE;
CREATE CONSTRAINT persona_set_key IF NOT EXISTS FOR (n:PersonaSet) REQUIRE (n.workspace, n.version) IS UNIQUE;
