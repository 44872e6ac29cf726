#!/usr/bin/env bash
# CI: `npm run backup` and `npm run restore` as an operator runs them, on the embedded database and on
# PostgreSQL: demo data in, backup, restore elsewhere with the key, a wrong key refused. Ends with the
# "N passed, M failed" line scripts/ci-summary.mjs reads.
set -uo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { echo "  ok   $1"; passed=$((passed + 1)); }
bad() { echo "  FAIL $1"; failed=$((failed + 1)); }
key=$(head -c 32 /dev/urandom | base64)
wrong=$(head -c 32 /dev/urandom | base64)
pg_root=${BACKUP_PG_URL:-postgres://postgres@127.0.0.1:5432}

roundtrip() { # engine, source env..., target env...
  local engine=$1 src_url=$2 dst_url=$3
  echo "== backup round trip: $engine"
  local src="$work/$engine-src" dst="$work/$engine-dst" file="$work/$engine.tar"
  if ! env LOUZHANG_DATA_DIR="$src" LOUZHANG_ENCRYPTION_KEY="$key" ${src_url:+DATABASE_URL=$src_url} npm run --silent db:seed >"$work/seed.log" 2>&1; then
    cat "$work/seed.log"; bad "$engine: seed"; return
  fi
  if env LOUZHANG_DATA_DIR="$src" LOUZHANG_ENCRYPTION_KEY="$key" ${src_url:+DATABASE_URL=$src_url} npm run --silent backup -- --out "$file"; then
    ok "$engine: backup written"
  else bad "$engine: backup"; return; fi
  if env LOUZHANG_DATA_DIR="$dst" LOUZHANG_ENCRYPTION_KEY="$wrong" ${dst_url:+DATABASE_URL=$dst_url} npm run --silent restore -- "$file" 2>"$work/err"; then
    bad "$engine: a wrong key was accepted"
  elif grep -q 'wrong encryption key' "$work/err"; then ok "$engine: wrong key refused"
  else cat "$work/err"; bad "$engine: wrong key refused with another error"; fi
  if env LOUZHANG_DATA_DIR="$dst" LOUZHANG_ENCRYPTION_KEY="$key" ${dst_url:+DATABASE_URL=$dst_url} npm run --silent restore -- "$file" | tee "$work/out"; then
    grep -q 'counts and key verified' "$work/out" && ok "$engine: restored, counts and key verified" || bad "$engine: restore output"
  else bad "$engine: restore"; fi
}

roundtrip pglite "" ""
if command -v psql >/dev/null && psql "$pg_root/postgres" -qc 'select 1' >/dev/null 2>&1; then
  for db in lz_ci_backup_a lz_ci_backup_b; do
    psql "$pg_root/postgres" -qc "drop database if exists $db with (force)" -c "create database $db" >/dev/null
  done
  roundtrip postgres "$pg_root/lz_ci_backup_a" "$pg_root/lz_ci_backup_b"
  for db in lz_ci_backup_a lz_ci_backup_b; do psql "$pg_root/postgres" -qc "drop database if exists $db with (force)" >/dev/null; done
else
  bad "postgres: no server at $pg_root"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
