# The bot as a container: `docker compose up -d --build` (see README, "Deploy").
#
# One stage is enough: every dependency (asyncpg, pillow, pydantic-core, ...) ships a wheel for
# CPython 3.11 on Linux, and --only-binary makes the build fail rather than reach for a compiler,
# so no build tools ever enter the image.
#
# The code runs from /app as it is in the repository (bot/, content/, migrations/, alembic.ini side
# by side): the bot finds content/ and migrations/ next to its package (bot/settings.py
# PROJECT_ROOT), so only the dependencies are pip-installed, never the package itself.
#
# No HEALTHCHECK here: with long polling (the default) the bot serves no HTTP, so there is nothing
# meaningful to probe. In webhook mode, docker-compose.yml has one to enable (GET /healthz).
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# DejaVu Sans: the progress picture is drawn with it (it has Cyrillic); see bot/progress_image.py.
# Not pinned: a pinned Debian version stops installing once a point release or security fix
# replaces it.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# The dependencies of pyproject.toml, at the versions pinned in requirements/constraints.txt.
# Copied before the code, so changing the code does not reinstall them.
COPY pyproject.toml requirements/constraints.txt /tmp/build/
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('/tmp/build/pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/build/requirements.txt \
    && pip install --only-binary=:all: \
        -c /tmp/build/constraints.txt -r /tmp/build/requirements.txt \
    && rm -rf /tmp/build

RUN groupadd --system --gid 10001 bot \
    && useradd --system --uid 10001 --gid bot --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin bot

WORKDIR /app
# Owned by root, so the bot cannot change its own code; only /app/data is writable.
COPY alembic.ini ./
COPY migrations/ migrations/
COPY content/ content/
COPY bot/ bot/
RUN python -m compileall -q bot migrations \
    && chmod -R a+rX alembic.ini migrations content bot \
    && mkdir -p data drawings \
    && chown bot:bot data drawings

USER 10001:10001
# Fails the build if the content is invalid or the layout is wrong; needs no token.
RUN python -m bot check-content
# The card animations, drawn once here rather than at each container's first cards (the bot
# draws any that are missing, e.g. for a mounted content folder, and keeps them in memory).
ENV DRAWINGS_DIR=/app/drawings
RUN python -m bot render-illustrations --cache /app/drawings

# The default DATABASE_URL (sqlite+aiosqlite:///data/gymnastics.sqlite3) is relative to /app.
# docker-compose.yml uses PostgreSQL instead and needs no volume here.
VOLUME ["/app/data"]
# Webhook mode only (WEBHOOK_URL set): WEBHOOK_PORT, default 8080. Long polling needs no port.
EXPOSE 8080

# PID 1 is the bot itself: it stops gracefully on SIGTERM (docker stop).
CMD ["python", "-m", "bot"]
