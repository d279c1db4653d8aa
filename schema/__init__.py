"""The GraphQL layer: Strawberry types and resolvers, one domain per module; no driver calls."""
