# The API image. Neo4j runs in its own container (docker-compose.yml) or anywhere NEO4J_URI points.
# GraphiQL's files, from the npm registry at build time (the page never loads a CDN).
FROM node:20-slim AS graphiql
WORKDIR /ide
COPY web/graphiql/package.json web/graphiql/package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY api ./api
COPY graph ./graph
COPY schema ./schema
COPY seeds ./seeds
RUN pip install --no-cache-dir .
COPY --from=graphiql /ide/node_modules /app/graphiql-modules
ENV ACCOUNTMAP_GRAPHIQL_MODULES=/app/graphiql-modules
RUN useradd --create-home accountmap
USER accountmap
EXPOSE 8000
CMD ["accountmap", "serve"]
