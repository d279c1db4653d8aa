"""The tools, one module per domain package (as schema/ and graph/ are split)."""
