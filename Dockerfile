# GPU image for sharpeye workers (CUDA 12 + cuDNN, Node 20, ffmpeg, GStreamer). Not built in CI (no
# Docker engine there); docker-compose.gpu.yml is validated by parsing instead. Ubuntu 22.04's
# ffmpeg is 4.4, which can only take a camera URL on its command line, so sharpeye refuses cameras
# with credentials on it: use `decoder: gstreamer` for those (GStreamer and python3-gi below hand
# the credentials over as element properties, never in argv).
FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04
ARG ONNXRUNTIME_NODE_INSTALL=cuda12
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl gnupg ffmpeg \
    gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad \
    gstreamer1.0-plugins-ugly gstreamer1.0-libav python3 python3-gi gir1.2-gstreamer-1.0 \
 && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \
 && apt-get install -y --no-install-recommends nodejs \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN ONNXRUNTIME_NODE_INSTALL=${ONNXRUNTIME_NODE_INSTALL} npm ci --omit=dev --ignore-scripts=false
COPY . .
RUN npx --yes -p typescript@5.9.3 tsc -p tsconfig.build.json
ENTRYPOINT ["node", "bin/sharpeye.mjs"]
