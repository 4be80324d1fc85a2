# One image for every service. Pick the service with the build arg SERVICE (default CMD) or, as
# docker-compose.yml does, with the container command:
#
#   docker build --build-arg SERVICE=tickets -t helpdesk-tickets .
#   docker run ... helpdesk-tickets                      # node services/tickets/dist/main.js
#   docker run ... helpdesk node services/notifier/dist/main.js
#
# Dependencies are installed with --ignore-scripts, and the one native addon is built explicitly:
#  - Prisma uses its WebAssembly engine with the pg adapter, so no native engine is downloaded;
#  - argon2 (gateway) is compiled from source in the prod-deps stage: the prebuilt binary argon2 0.45
#    ships needs Node-API 10, which Node 20 lacks (loading it crashes node). The compilers stay in that
#    stage; the runtime image gets the compiled addon only.

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
 && cp --parents package.json package-lock.json libs/*/package.json services/*/package.json web/package.json /manifests/

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
# and a lib's sql/ folder (outbox, idempotent-consumer migrations); web/dist holds the built pages the
# gateway serves.
RUN mkdir -p /out \
 && for dir in libs/* services/* web; do \
      for part in dist prisma sql; do \
        if [ -d "$dir/$part" ]; then mkdir -p "/out/$dir" && cp -R "$dir/$part" "/out/$dir/"; fi; \
      done; \
    done \
 && find /out -name '*.tsbuildinfo' -delete

# Production dependencies only; the workspace links (node_modules/@helpdesk/*) point at libs/ and services/.
# --omit=optional as well: the root devDependencies prisma and typescript are also optional peers of
# @prisma/client, which --omit=dev alone keeps (~120 MB); the only other optional package is
# pg-cloudflare, for Cloudflare Workers.
FROM base AS prod-deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY --from=manifests /manifests/ ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts \
 && npm_config_build_from_source=true npm_config_nodedir=/usr/local npm rebuild argon2 \
 && rm -rf node_modules/argon2/build/Release/obj.target node_modules/argon2/build/Release/.deps \
 && node -e "require('argon2')" \
 && npm cache clean --force

FROM base AS runtime
ARG SERVICE=gateway
# Inside a container loopback reaches nothing: listen on every interface of the container's own
# network namespace; what is reachable from outside is what the operator publishes (only the
# gateway's public port: never an INTERNAL_PORT).
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0 \
    INTERNAL_HOST=0.0.0.0
COPY --from=prod-deps /app/ ./
COPY --from=build /out/ ./
# The code stays owned by root (read-only to the service); var/ is where the notifier drops .eml files
# when it has no SMTP_URL.
RUN mkdir -p var && chown node:node var
USER node
# gateway 3000, tickets 3001, customers 3002, mail-ingest 3003, notifier 3004, contracts 3005; the
# internal listeners (gateway 4000, customers 4002) are for the other services on the private network.
EXPOSE 3000 3001 3002 3003 3004 3005
CMD ["sh", "-c", "exec node \"services/${SERVICE}/dist/main.js\""]
