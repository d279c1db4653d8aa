"""Intro requests in GraphQL: the requests list with ageing, the per-introducer and per-partner
figures, and the mutations that create and move requests (graph/intros)."""
