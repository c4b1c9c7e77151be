# One image for every pkgdeps function; the function name is the argument:
#
#   docker build -t pkgdeps .
#   kpt fn source my-package | docker run -i --rm pkgdeps resolve-dependencies
#
# ENTRYPOINT is `node /app/dist/cli.js fn`, so `docker run IMAGE <name>` runs
# `pkgdeps fn <name>`: a ResourceList on stdin, one on stdout. `kpt fn eval --image` passes
# no arguments; to use it there, derive an image per function that sets the argument
# (`FROM pkgdeps` + `CMD ["resolve-dependencies"]`), or use `--exec dist/functions/<name>.js`.
# Both stages use the same exact Node tag; bump them together.

FROM node:20.19.5-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY functions ./functions
COPY cli ./cli
RUN npm run build

# esbuild bundles every dependency into dist/, so the final image needs no node_modules.
FROM node:20.19.5-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/dist ./dist
USER node
ENTRYPOINT ["node", "/app/dist/cli.js", "fn"]
