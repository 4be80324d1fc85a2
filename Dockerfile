# One image for every service. Pick the service with the build arg SERVICE (default CMD) or, as
# docker-compose.yml does, with the container command:
#
#   docker build --build-arg SERVICE=tickets -t helpdesk-tickets .
#   docker run ... helpdesk-tickets                      # node services/tickets/dist/main.js
#   docker run ... helpdesk node services/notifier/dist/main.js
#
# Dependencies are installed with --ignore-scripts: nothing needs an install script. argon2 loads its
# prebuilt binary (prebuilds/) at run time, and Prisma uses its WebAssembly engine with the pg adapter,
# so no native engine is downloaded.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# The package manifests alone, so that the dependency layers below are rebuilt only when one changes.
FROM base AS manifests
COPY . /src
RUN cd /src \
 && mkdir -p /manifests \
 && cp --parents package.json package-lock.json libs/*/package.json services/*/package.json /manifests/

# Full install, Prisma clients generated (prisma generate in every service), TypeScript compiled.
FROM base AS build
# Prisma's CLI probes OpenSSL to pick a platform; without it, it warns.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=manifests /manifests/ ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build
# What the runtime needs from each workspace: compiled code (dist, which holds the generated Prisma
# clients compiled from src/persistence/generated), a service's prisma/ folder with its migrations,
# and a lib's sql/ folder (outbox, idempotent-consumer migrations).
RUN mkdir -p /out \
 && for dir in libs/* services/*; do \
      for part in dist prisma sql; do \
        if [ -d "$dir/$part" ]; then mkdir -p "/out/$dir" && cp -R "$dir/$part" "/out/$dir/"; fi; \
      done; \
    done \
 && find /out -name '*.tsbuildinfo' -delete

# Production dependencies only; the workspace links (node_modules/@helpdesk/*) point at libs/ and services/.
FROM base AS prod-deps
COPY --from=manifests /manifests/ ./
RUN npm ci --omit=dev --ignore-scripts \
 && npm cache clean --force

FROM base AS runtime
ARG SERVICE=gateway
ENV NODE_ENV=production \
    SERVICE=${SERVICE}
COPY --from=prod-deps /app/ ./
COPY --from=build /out/ ./
# The code stays owned by root (read-only to the service); var/ is where the notifier drops .eml files
# when it has no SMTP_URL.
RUN mkdir -p var && chown node:node var
USER node
# gateway 3000, tickets 3001, customers 3002, mail-ingest 3003, notifier 3004, contracts 3005
EXPOSE 3000 3001 3002 3003 3004 3005
CMD ["sh", "-c", "exec node \"services/${SERVICE}/dist/main.js\""]
