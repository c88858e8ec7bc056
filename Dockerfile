# GPU image for sharpeye workers (CUDA 12 + cuDNN, Node 20, ffmpeg). Not built in CI (no Docker
# engine there); docker-compose.gpu.yml is validated by parsing instead.
FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04
ARG ONNXRUNTIME_NODE_INSTALL=cuda12
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl gnupg ffmpeg \
 && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \
 && apt-get install -y --no-install-recommends nodejs \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN ONNXRUNTIME_NODE_INSTALL=${ONNXRUNTIME_NODE_INSTALL} npm ci --omit=dev --ignore-scripts=false
COPY . .
RUN npx --yes -p typescript@5.9.3 tsc -p tsconfig.build.json
ENTRYPOINT ["node", "bin/sharpeye.mjs"]
