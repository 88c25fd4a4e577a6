FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PARCOURS_DATA_DIR=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY backend ./backend
COPY campaigns ./campaigns
COPY reports ./reports
COPY frontend ./frontend
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir . \
    && useradd --system --create-home parcours \
    && mkdir -p /data && chown parcours /data

USER parcours
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["sh", "-c", "parcours migrate && parcours serve --host 0.0.0.0 --port 8000"]
