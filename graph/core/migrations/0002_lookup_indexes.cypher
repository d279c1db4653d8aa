// Indexes behind the list filters and the workspace-wide scans (sellers as path sources,
// the portfolio scan, partner overlap matching by domain and name).
CREATE INDEX seller_workspace IF NOT EXISTS FOR (n:Seller) ON (n.workspace);
CREATE INDEX account_workspace_status IF NOT EXISTS FOR (n:Account) ON (n.workspace, n.status);
CREATE INDEX account_workspace_domain IF NOT EXISTS FOR (n:Account) ON (n.workspace, n.domain);
CREATE INDEX account_workspace_name_key IF NOT EXISTS FOR (n:Account) ON (n.workspace, n.nameKey);
CREATE INDEX account_workspace_industry IF NOT EXISTS FOR (n:Account) ON (n.workspace, n.industry);
CREATE INDEX account_workspace_tier IF NOT EXISTS FOR (n:Account) ON (n.workspace, n.tier);
CREATE INDEX person_workspace_department IF NOT EXISTS FOR (n:Person) ON (n.workspace, n.department);
CREATE INDEX person_workspace_email IF NOT EXISTS FOR (n:Person) ON (n.workspace, n.email);
CREATE INDEX opportunity_workspace_state IF NOT EXISTS FOR (n:Opportunity) ON (n.workspace, n.state);
CREATE INDEX partner_account_workspace_partner IF NOT EXISTS FOR (n:PartnerAccount) ON (n.workspace, n.partnerId);
CREATE INDEX api_key_workspace IF NOT EXISTS FOR (n:ApiKey) ON (n.workspace);
CREATE INDEX holds_role_role IF NOT EXISTS FOR ()-[r:HOLDS_ROLE]-() ON (r.role);
