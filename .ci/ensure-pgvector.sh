#!/usr/bin/env bash
# Installs pgvector into the local PostgreSQL 15 from Debian trixie's source package (bookworm has no
# binary package). Idempotent: does nothing when the extension is already installed.
set -euo pipefail
PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
if [ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]; then
  echo "pgvector already installed"; exit 0
fi
src=/etc/apt/sources.list.d/trixie-src.sources
if [ ! -f "$src" ]; then
  cat > "$src" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql-server-dev-15 build-essential dpkg-dev >/dev/null
work=$(mktemp -d); chmod 755 "$work"; cd "$work"
apt-get source -qq pgvector >/dev/null 2>&1 || apt-get source pgvector
cd pgvector-*/
make -s PG_CONFIG="$PG_CONFIG" >/dev/null
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
echo "pgvector built and installed"
