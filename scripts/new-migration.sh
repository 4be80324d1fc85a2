#!/usr/bin/env bash
# Usage: scripts/new-migration.sh <service> <name>
# Writes services/<service>/prisma/migrations/<NNNN>_<name>/migration.sql: the SQL that takes the
# schema committed at HEAD to the schema in the work tree (Prisma writes it; we apply it at start).
set -euo pipefail
cd "$(dirname "$0")/.."
service=${1:?service name}
name=${2:?migration name}
dir="services/$service/prisma"
previous=$(mktemp --suffix=.prisma)
trap 'rm -f "$previous"' EXIT
git show "HEAD:$dir/schema.prisma" >"$previous" 2>/dev/null || sed '/^model/,$d' "$dir/schema.prisma" >"$previous"
count=$(find "$dir/migrations" -mindepth 1 -maxdepth 1 -type d | wc -l)
target="$dir/migrations/$(printf '%04d' $((count + 1)))_$name"
sql=$(cd "services/$service" && DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres} \
  npx prisma migrate diff --from-schema-datamodel "$previous" --to-schema-datamodel prisma/schema.prisma --script 2>/dev/null |
  grep -v -e '^-- CreateSchema' -e '^CREATE SCHEMA')
if [ -z "$(echo "$sql" | grep -v '^--' | tr -d '[:space:]')" ]; then
  echo "schema.prisma of $service has no changes since HEAD: no migration written" >&2
  exit 1
fi
mkdir -p "$target"
echo "$sql" >"$target/migration.sql"
echo "wrote $target/migration.sql"
