# statement-desk: the bot, gateway or HTTP interactions mode (INTERACTIONS=http), built at image time.
#   docker build -t statement-desk .
#   docker run --env-file .env -e INTERACTIONS=http -e DISCORD_PUBLIC_KEY=… -p 8080:8080 \
#     -v corpus:/srv/corpus -e CORPUS_DIR=/srv/corpus statement-desk

# --- build: every dependency, TypeScript compiled to dist/ ---------------------------------------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off: `prepare` builds, which needs the sources copied below.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies only, a non-root user -----------------------------------
FROM node:20-slim
ENV NODE_ENV=production \
    INTERACTIONS=gateway \
    PORT=8080 \
    HOST=0.0.0.0 \
    CORPUS_DIR=/app/corpus \
    DATA_DIR=/app/var
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3 && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY data ./data
# The bundled corpus; mount a shared volume over CORPUS_DIR for replicas (see README, Deployment).
COPY corpus ./corpus
RUN mkdir -p /app/var && chown -R node:node /app/corpus /app/var
USER node
EXPOSE 8080
# HTTP mode serves /healthz; the gateway bot has no HTTP server, so there the check only asks that the process runs.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "if (process.env.INTERACTIONS !== 'http') process.exit(0); fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/index.js"]
