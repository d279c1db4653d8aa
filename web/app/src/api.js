// The one way the page talks to the server: POST /graphql with the credential pasted once and
// kept in this tab's session storage (sent as the API expects: Authorization: Bearer ...).

const KEY = "accountmap.credential";

export const credential = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value.trim()),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(errors, data) {
    super(errors.map((error) => error.message).join(" "));
    this.errors = errors;
    this.code = errors[0]?.extensions?.code || null;
    this.data = data;
  }
}

export async function gql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json",
      Authorization: `Bearer ${credential.get() || ""}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError([{ message: `The server answered ${response.status}.` }], null);
  }
  if (body.errors && body.errors.length) throw new ApiError(body.errors, body.data);
  return body.data;
}

// Every page of a connection, following pageInfo.endCursor (fetchPage(after) -> connection).
export async function allPages(fetchPage) {
  const nodes = [];
  let after = null;
  for (;;) {
    const connection = await fetchPage(after);
    nodes.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) return { nodes, totalCount: connection.totalCount };
    after = connection.pageInfo.endCursor;
  }
}
