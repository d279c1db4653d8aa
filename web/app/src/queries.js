// The GraphQL documents of the page: what a frontend needs for each view, nothing more.

export const VIEWER = `query Viewer { viewer { workspace role subject partnerId } }`;

export const SELLERS = `query Sellers { sellers(first: 200, sort: [{ field: NAME }]) {
  edges { node { id name role } } } }`;

const ROW = `id name status tier owner { id name }
  coverage { committeeMembers typicalCommitteeSize rolesMissing }
  risk { score flags { flag } }
  score { score tier modelVersion }`;

export const ACCOUNTS_BY_NAME = `query Accounts($first: Int!, $after: String, $where: AccountWhere) {
  list: accounts(first: $first, after: $after, where: $where, sort: [{ field: NAME }]) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${ROW} } } } }`;

export const ACCOUNTS_BY_SCORE = `query AccountsByScore($first: Int!, $after: String, $where: AccountScoreWhere) {
  list: accountScores(first: $first, after: $after, where: $where) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { account { ${ROW} } } } } }`;

export const ACCOUNTS_BY_RISK = `query AccountsByRisk($first: Int!, $after: String, $where: PortfolioRiskWhere) {
  list: portfolioRisk(first: $first, after: $after, where: $where) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { account { ${ROW} } } } } }`;

export const ACCOUNT = `query Account($id: ID!, $asOf: Date) {
  account(id: $id, asOf: $asOf) { id name status tier industry country employees asOf owner { name } } }`;

export const PEOPLE = `query People($id: ID!, $asOf: Date, $current: Boolean, $after: String) {
  account(id: $id, asOf: $asOf) {
    people(first: 200, after: $after, where: { current: $current }) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node {
        person { id name } title department startDate endDate current
        roles { role stance opportunity { name } }
        knownBy { id name kind partnerName strength }
        manager { id }
      } } } } }`;

export const INSIGHT = `query Insight($id: ID!, $asOf: Date) {
  committeeCoverage(accountId: $id, asOf: $asOf) {
    stakeholdersMapped committeeMembers typicalCommitteeSize committeeShare
    rolesCovered rolesMissing economicBuyerMapped economicBuyerEngaged engagedContacts }
  accountRisk(accountId: $id, asOf: $asOf) {
    score
    flags { flag weight detail people { id name kind }
      departures { id name leftOn roles newOrganizationName newAccount { id name } } }
    engagedContacts { id name sellers { name } } } }`;

const PATH_PERSON = `id kind name title organizationId organizationName organizationKind buyingRoles`;

export const WARMEST_PATHS = `query WarmestPaths($accountId: ID!, $role: String!, $k: Int!,
  $maxHops: Int!, $viaPartners: Boolean!, $avoid: Boolean!, $asOf: Date) {
  warmestPaths(accountId: $accountId, role: $role, k: $k, maxHops: $maxHops,
    viaPartners: $viaPartners, avoid: $avoid, asOf: $asOf) {
    role asOf maxHops roleHolderIds reason
    paths { warmth hopCount hidden viaPartnerIds seller { id name }
      hops { relationship strength from { ${PATH_PERSON} } to { ${PATH_PERSON} } } } } }`;

export const WHAT_IF = `query WhatIf($accountId: ID!, $personId: ID, $sellerId: ID, $asOf: Date) {
  whatIfLeaves(accountId: $accountId, personId: $personId, sellerId: $sellerId, asOf: $asOf) {
    scoreChange
    before { score flags { flag } }
    after { score flags { flag detail people { id name } } } } }`;

export const PARTNERS = `query Partners { partners(first: 50) { edges { node { id name sharingLevel } } } }`;

export const OVERLAP = `query Overlap($partnerId: ID!, $where: OverlapAccountWhere, $after: String, $asOf: Date) {
  partnerOverlap(partnerId: $partnerId, where: $where, first: 20, after: $after, asOf: $asOf) {
    partnerName sharingLevel disclosure totalCount
    matrix { ourStatus partnerStatus count }
    accounts { totalCount pageInfo { hasNextPage endCursor }
      edges { node { accountId name domain ourStatus partnerStatus uncoveredPeopleCount
        uncoveredPeople { id name title knownBy { contactName strength } } } } } } }`;

// Who our side knows at a few accounts at once (our own team only): one alias per account.
export function weKnowQuery(count) {
  const variables = Array.from({ length: count }, (_, i) => `$a${i}: ID!`).join(", ");
  const fields = Array.from({ length: count }, (_, i) =>
    `a${i}: account(id: $a${i}, asOf: $asOf) { id people(first: 200) { edges { node {
      person { id name } knownBy { kind name partnerName } } } } }`).join("\n");
  return `query WeKnow(${variables}, $asOf: Date) {\n${fields}\n}`;
}

export const KNOCK_ON = `query KnockOn($personId: ID!, $asOf: Date) {
  departureKnockOn(personId: $personId, asOf: $asOf) {
    reason
    left { accountName leftOn roles }
    deals { name stage accountName lostOnlyRoute reason
      routeWithThem { warmth } newRoute { warmth } }
    openings { accountName title startedOn reason account { id }
      path { warmth seller { name } hops { to { name } } } } } }`;
