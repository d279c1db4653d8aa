"""The assistant interface: an MCP server whose tools answer the account-map questions.

Each tool runs one fixed GraphQL document through the same schema and the same request context
``/graphql`` builds for the credential, so an assistant sees exactly what that credential may see
over GraphQL (its workspace, its role, a partner's boundary) and nothing the MCP layer decides on
its own. ``/mcp`` serves it over streamable HTTP (``api.mcp.http``), ``accountmap mcp`` over
stdio (``api.mcp.stdio``). See docs/MCP.md.
"""
