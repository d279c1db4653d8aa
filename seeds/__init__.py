"""Demo workspace files and the deterministic generator."""
