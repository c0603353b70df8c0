# k8sim in a container, for `k8sim sweep --emit-indexed-job` (docs/sweeps.md, "Running on a cluster").
#   docker build -t k8sim:latest .
#   docker run --rm -v "$PWD/out:/out" k8sim:latest sweep scenarios/examples/sweeps/replicas.yaml --out /out/replicas
# Your own scenarios and Sweep files: put them in the build context (e.g. under sweeps/) before building, or
# build a small image FROM this one that copies them in; paths are relative to /k8sim.
FROM node:20-bookworm-slim AS build
WORKDIR /k8sim
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /k8sim
COPY --from=build /k8sim/package.json /k8sim/package-lock.json ./
COPY --from=build /k8sim/node_modules ./node_modules
COPY --from=build /k8sim/dist ./dist
COPY --from=build /k8sim/bin ./bin
COPY --from=build /k8sim/scenarios/examples ./scenarios/examples
USER node
ENTRYPOINT ["node", "/k8sim/bin/k8sim.js"]
