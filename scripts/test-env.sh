#!/usr/bin/env bash
# Makes a clean clone ready for `npm test`: npm dependencies, a running PostgreSQL
# server on 127.0.0.1:5432 and Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[test-env] npm ci" >&2
  npm ci --no-audit --no-fund >&2
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  echo "[test-env] installing PostgreSQL from Debian's packages" >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
  # The tests connect as postgres over TCP without a password, as on the project's machines.
  hba="/etc/postgresql/$(ls /etc/postgresql | head -n1)/main/pg_hba.conf"
  as_root sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main restart >&2 || true
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "[test-env] starting PostgreSQL" >&2
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >&2 || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432 >&2

if ! command -v chromium >/dev/null 2>&1; then
  echo "[test-env] installing Chromium from Debian's packages" >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >&2
fi
