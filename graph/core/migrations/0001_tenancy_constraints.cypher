// Every node of the model belongs to one workspace; ids are the caller's stable external ids,
// unique within a workspace and label. These constraints also give each (workspace, id) lookup
// its index, so every traversal starts index-backed.
CREATE CONSTRAINT workspace_id IF NOT EXISTS FOR (n:Workspace) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT account_key IF NOT EXISTS FOR (n:Account) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT person_key IF NOT EXISTS FOR (n:Person) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT seller_key IF NOT EXISTS FOR (n:Seller) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT partner_key IF NOT EXISTS FOR (n:Partner) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT partner_account_key IF NOT EXISTS FOR (n:PartnerAccount) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT opportunity_key IF NOT EXISTS FOR (n:Opportunity) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT context_key IF NOT EXISTS FOR (n:ContextItem) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT pain_point_key IF NOT EXISTS FOR (n:PainPoint) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT api_key_hash IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.hash IS UNIQUE;
