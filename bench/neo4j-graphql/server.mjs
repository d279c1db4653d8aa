// @neo4j/graphql served by Apollo Server on loopback, against the same Neo4j and data as the API:
// the alternative `make bench` compares the account map with. Type definitions follow the
// project's labels and relationship types (graph/core/model.py). Settings come from the
// environment: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, PORT (0 picks a free one). The bound
// URL is printed as one line "ready <url>".
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

export const typeDefs = /* GraphQL */ `
  type Account @node {
    id: ID!
    workspace: String!
    name: String
    people: [Person!]! @relationship(type: "EMPLOYED_AT", direction: IN, properties: "Employment")
  }

  type Employment @relationshipProperties {
    startDate: Date
    endDate: Date
    title: String
    department: String
  }

  type HeldRole @relationshipProperties {
    role: String!
    stance: String
    fromDate: Date
    toDate: Date
  }

  type Knows @relationshipProperties {
    strength: Float
    lastInteractionAt: DateTime
  }

  type Seller @node {
    id: ID!
    workspace: String!
    name: String
  }

  type Partner @node {
    id: ID!
    workspace: String!
    name: String
  }

  type Person @node {
    id: ID!
    workspace: String!
    name: String
    roles: [Account!]! @relationship(type: "HOLDS_ROLE", direction: OUT, properties: "HeldRole")
    knowsSellers: [Seller!]!
      @relationship(type: "KNOWS", direction: OUT, queryDirection: UNDIRECTED, properties: "Knows")
    knowsPeople: [Person!]!
      @relationship(type: "KNOWS", direction: OUT, queryDirection: UNDIRECTED, properties: "Knows")
    partners: [Partner!]! @relationship(type: "EMPLOYED_AT", direction: OUT, properties: "Employment")
  }
`;

async function main() {
  const driver = neo4j.driver(
    process.env.NEO4J_URI ?? "bolt://127.0.0.1:7687",
    neo4j.auth.basic(process.env.NEO4J_USERNAME ?? "neo4j", process.env.NEO4J_PASSWORD ?? ""),
  );
  const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
  const schema = await neoSchema.getSchema();
  if (process.argv.includes("--print-schema")) {
    const { printSchema } = await import("graphql");
    console.log(printSchema(schema));
    await driver.close();
    return;
  }
  const server = new ApolloServer({ schema });
  const { url } = await startStandaloneServer(server, {
    listen: { host: "127.0.0.1", port: Number(process.env.PORT ?? 0) },
  });
  console.log(`ready ${url}`);
  const stop = async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

await main();
