// An account's deals are looked up by the denormalized accountId (account map, risk, overlap).
CREATE INDEX opportunity_workspace_account IF NOT EXISTS FOR (n:Opportunity) ON (n.workspace, n.accountId);
CREATE INDEX person_workspace_name IF NOT EXISTS FOR (n:Person) ON (n.workspace, n.name);
CREATE INDEX account_workspace_name IF NOT EXISTS FOR (n:Account) ON (n.workspace, n.name);
