#!/bin/sh
# One backup of stranded: the database (pg_dump, custom format) and the private attachments.
# Reads DATABASE_URL, STRANDED_DATA_DIR, STRANDED_BACKUP_DIR, STRANDED_BACKUP_KEEP_DAYS and
# STRANDED_BACKUP_AGE_RECIPIENT from the environment file. Files are readable by their owner only;
# with a recipient they are encrypted with age and the clear copies removed.
set -eu
umask 077
dir="${STRANDED_BACKUP_DIR:-/var/backups/stranded}"
stamp="$(date -u +%Y-%m-%dT%H%M)"
mkdir -p "$dir"
pg_dump --format=custom --no-owner --file "$dir/stranded-$stamp.dump" --dbname "$DATABASE_URL"
tar -C "${STRANDED_DATA_DIR:-/var/lib/stranded}" -czf "$dir/private-$stamp.tar.gz" private 2>/dev/null \
  || echo "no private attachments to copy" >&2
if [ -n "${STRANDED_BACKUP_AGE_RECIPIENT:-}" ]; then
  for file in "$dir/stranded-$stamp.dump" "$dir/private-$stamp.tar.gz"; do
    [ -f "$file" ] || continue
    age --recipient "$STRANDED_BACKUP_AGE_RECIPIENT" --output "$file.age" "$file"
    rm -f "$file"
  done
fi
find "$dir" -maxdepth 1 \( -name 'stranded-*' -o -name 'private-*' \) \
  -mtime +"${STRANDED_BACKUP_KEEP_DAYS:-14}" -delete
echo "backup $stamp written to $dir"
