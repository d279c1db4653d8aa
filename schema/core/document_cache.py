"""Each query text parsed once per process: Strawberry's ``ParserCache``, except that a text
that does not parse is left to Strawberry's own parse, which answers it as every parse error is
answered (``GRAPHQL_PARSE_FAILED``; the stock extension lets the error escape its hook)."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import ParserCache


class DocumentCache(ParserCache):
    """Parsed documents kept per query text (least recently used out past ``maxsize``)."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        try:
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        except GraphQLError:
            context.graphql_document = None  # parsed again below, and answered with its code
        yield
