# Gazetteer API: migrates, loads the curated seed and serves, as a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    GAZETTEER_DATABASE_URL=sqlite:////data/gazetteer.db

RUN useradd --create-home --uid 10001 gazetteer \
 && mkdir -p /data && chown gazetteer:gazetteer /data

WORKDIR /app
# Dependencies first, so code edits do not reinstall them.
COPY pyproject.toml README.md ./
COPY gazetteer/__init__.py gazetteer/__init__.py
RUN pip install --upgrade pip && pip install -e .

COPY gazetteer gazetteer
COPY migrations migrations
COPY alembic.ini ./
COPY seed seed

USER gazetteer
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/v1/health').status != 200)"
CMD ["gazetteer", "serve", "--init", "--host", "0.0.0.0", "--port", "8000"]
