# syntax=docker/dockerfile:1
#
# The hospital data gateway as a container image (README, "Deploying and scaling out").
#
#   docker build -t hospital-gateway:0.1.0 .
#   docker run --rm -p 4000:4000 hospital-gateway:0.1.0          # no configuration: the embedded demo hospital
#
# A site mounts its configuration file and points GATEWAY_CONFIG at it (deploy/compose.yaml,
# deploy/k8s/). tests/deploy/image-layout.test.ts checks this file: what it copies exists after
# `npm run build`, the gateway starts from exactly those paths with production dependencies only,
# and the HEALTHCHECK command works.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: the whole toolchain; `npm run build` writes dist/ (tsc, then the web pages with vite) --
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
# the build context is an allow-list (.dockerignore): sources, schema, mappings, web pages
COPY . .
RUN npm run build

# ---- deps: production dependencies only, as the lockfile pins them ---------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# ---- runtime -----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# PORT overrides server.port of the configuration file: in the image the gateway always listens
# on 4000, which EXPOSE, the HEALTHCHECK and the orchestrators' probes rely on. The demo (no
# configuration file) keeps its generated database and keys in GATEWAY_DEMO_DIR, the only place
# the gateway ever writes to; with a configuration file it writes nothing on disk.
ENV NODE_ENV=production \
    PORT=4000 \
    GATEWAY_DEMO_DIR=/var/lib/hospital-gateway/demo
WORKDIR /app
# package.json marks the project root: the gateway finds schema/, mappings/, persisted/ and
# public/ next to it (src/paths.ts)
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY schema ./schema
COPY mappings ./mappings
COPY persisted ./persisted
COPY public ./public
# The code stays owned by root (read-only for the gateway); the demo's data directory and the
# mount point of the configuration are prepared for the unprivileged user.
RUN mkdir -p /var/lib/hospital-gateway/demo /app/config \
    && chown -R 1000:1000 /var/lib/hospital-gateway
# the base image's `node` user, by number so that Kubernetes' runAsNonRoot can verify it
USER 1000:1000
EXPOSE 4000
# SIGTERM starts the gateway's drain: /readyz answers 503 for SHUTDOWN_DRAIN_MS while requests are
# still served, then it stops accepting, finishes the requests in flight and exits 0 (forced after 15 s)
STOPSIGNAL SIGTERM
# liveness, with node itself (a slim image has no curl)
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# the entry `npm start` runs after its build step; node is PID 1 and receives SIGTERM itself.
# A 64 MB young generation: a large result allocates many short-lived rows; over 30 requests for
# the 9,420-row nested list the garbage collector took 2.7 s with the default size, 0.9 s with this
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
