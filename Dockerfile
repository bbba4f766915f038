# The dashboard for a server: `docker build -t ai-dashboard .` then
# `docker run -p 8501:8501 ai-dashboard`, and open http://localhost:8501.
# Data: the image carries data/ as built; mount another folder of the same layout with
# `-v /srv/ai-data:/data:ro -e DASHBOARD_DATA_DIR=/data` (the app reloads when it changes).
FROM python:3.11-slim-bookworm

# Chromium and CJK fonts draw the PNG/SVG and slide-deck exports (kaleido drives the
# browser); without the fonts, Korean labels in exported images would be boxes.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-cjk curl \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BROWSER_PATH=/usr/bin/chromium

WORKDIR /app
# Dependencies first, so a code or data edit does not reinstall them.
COPY requirements-app.txt .
RUN pip install -r requirements-app.txt

COPY .streamlit/ .streamlit/
COPY dashboard/ dashboard/
COPY data/ data/

# Never run as root: the app only reads /app and writes nothing but temporary files.
RUN useradd --create-home --uid 10001 dashboard
USER dashboard

# The repository's config binds to localhost; a container must listen on every interface.
ENV STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_PORT=8501 \
    PYTHONPATH=/app
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl --fail --silent http://localhost:8501/_stcore/health || exit 1

CMD ["streamlit", "run", "dashboard/app.py"]
