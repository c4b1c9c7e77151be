# One image per pkgdeps function, as Porch runs functions: its function runner starts the
# image's ENTRYPOINT with the ResourceList on stdin (CMD is ignored when ENTRYPOINT is set), a
# new process per call. Each function target's ENTRYPOINT runs that function's entry:
#
#   docker build --target resolve-dependencies -t pkgdeps/resolve-dependencies .
#   kpt fn eval my-package --image pkgdeps/resolve-dependencies -- target=edge01
#
# and the `cli` target (the default) is the pkgdeps command:
#
#   docker build --target cli -t pkgdeps/cli .
#   docker run --rm pkgdeps/cli demo
#
# `npm run images` builds them all. Every stage uses the same exact Node tag; bump them together.

FROM node:20.19.5-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY functions ./functions
COPY cli ./cli
# The build runs each function on its first example to make its V8 code cache. The cache is
# accepted by the Node that made it, under the same flags: this stage's Node is the images'.
COPY examples ./examples
RUN npm run build

# What every image shares: Node, no node_modules (esbuild bundled every dependency), a
# non-root user. The bundles are CommonJS; functions/package.json says so to Node. Each
# function image holds its entry, functions/<name>.js, and the directory beside it,
# functions/<name>/: the bundle it compiles and the bundle's code cache.
FROM node:20.19.5-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/dist/functions/package.json /app/functions/package.json
USER node

FROM runtime AS build-catalog
COPY --from=build /src/dist/functions/build-catalog.js /app/functions/build-catalog.js
COPY --from=build /src/dist/functions/build-catalog /app/functions/build-catalog
ENTRYPOINT ["node", "/app/functions/build-catalog.js"]

FROM runtime AS emit-package-variants
COPY --from=build /src/dist/functions/emit-package-variants.js /app/functions/emit-package-variants.js
COPY --from=build /src/dist/functions/emit-package-variants /app/functions/emit-package-variants
ENTRYPOINT ["node", "/app/functions/emit-package-variants.js"]

FROM runtime AS resolve-dependencies
COPY --from=build /src/dist/functions/resolve-dependencies.js /app/functions/resolve-dependencies.js
COPY --from=build /src/dist/functions/resolve-dependencies /app/functions/resolve-dependencies
ENTRYPOINT ["node", "/app/functions/resolve-dependencies.js"]

FROM runtime AS validate-dependencies
COPY --from=build /src/dist/functions/validate-dependencies.js /app/functions/validate-dependencies.js
COPY --from=build /src/dist/functions/validate-dependencies /app/functions/validate-dependencies
ENTRYPOINT ["node", "/app/functions/validate-dependencies.js"]

FROM runtime AS validate-removal
COPY --from=build /src/dist/functions/validate-removal.js /app/functions/validate-removal.js
COPY --from=build /src/dist/functions/validate-removal /app/functions/validate-removal
ENTRYPOINT ["node", "/app/functions/validate-removal.js"]

FROM runtime AS validate-upgrade
COPY --from=build /src/dist/functions/validate-upgrade.js /app/functions/validate-upgrade.js
COPY --from=build /src/dist/functions/validate-upgrade /app/functions/validate-upgrade
ENTRYPOINT ["node", "/app/functions/validate-upgrade.js"]

# The pkgdeps command (fn, demo, catalog, why, graph), with the example the demo resolves.
FROM runtime AS cli
COPY --from=build /src/package.json /app/package.json
COPY --from=build /src/dist /app/dist
COPY examples/resolve-dependencies-edge-app /app/examples/resolve-dependencies-edge-app
ENTRYPOINT ["node", "/app/dist/cli.js"]
