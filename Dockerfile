# GPU image for sharpeye (CUDA 12 + cuDNN, Node 20, ffmpeg, GStreamer). Not built in CI (no Docker
# engine there): test/deploy/dockerfile.test.ts checks its structure and test/deploy/package.test.ts
# runs the same pack-and-install path. Ubuntu 22.04's ffmpeg is 4.4, which can only take a camera
# URL on its command line, so sharpeye refuses cameras with credentials on it: use
# `decoder: gstreamer` for those (GStreamer and python3-gi below hand the credentials over as
# element properties, never in argv).
#
# Two stages: `build` installs every dependency and packs the npm package (prepack compiles dist/);
# the runtime stage unpacks that tarball, so the image holds exactly the package's `files` (compiled
# JS, bin, label lists, GStreamer launcher, sample config) plus production dependencies from the
# lock file, and the bin starts the compiled code (no TypeScript compiler in the image).
FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04 AS base
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl gnupg ffmpeg \
    gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad \
    gstreamer1.0-plugins-ugly gstreamer1.0-libav python3 python3-gi gir1.2-gstreamer-1.0 \
 && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \
 && apt-get install -y --no-install-recommends nodejs \
 && rm -rf /var/lib/apt/lists/*

FROM base AS build
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
# Only to compile and pack: no install scripts (no native builds, no onnxruntime download).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN mkdir -p /pkg && npm pack --pack-destination /pkg && mv /pkg/sharpeye-*.tgz /pkg/sharpeye.tgz

FROM base
ARG ONNXRUNTIME_NODE_INSTALL=cuda12
WORKDIR /app
COPY --from=build /pkg/sharpeye.tgz /tmp/sharpeye.tgz
COPY package-lock.json .npmrc ./
RUN tar -xzf /tmp/sharpeye.tgz --strip-components=1 -C /app && rm /tmp/sharpeye.tgz \
 && ONNXRUNTIME_NODE_INSTALL=${ONNXRUNTIME_NODE_INSTALL} npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force
ENV NODE_ENV=production
# node is PID 1 and handles SIGTERM itself (`serve` shuts down in order); `docker stop` sends it.
ENTRYPOINT ["node", "bin/sharpeye.mjs"]
