# The API image. Neo4j runs in its own container (docker-compose.yml) or anywhere NEO4J_URI points.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY api ./api
COPY graph ./graph
COPY schema ./schema
COPY seeds ./seeds
RUN pip install --no-cache-dir .
RUN useradd --create-home accountmap
USER accountmap
EXPOSE 8000
CMD ["accountmap", "serve"]
