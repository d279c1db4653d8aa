"""The Neo4j layer: driver helpers, one module per domain with its Cypher, migrations, launcher."""
