#!/usr/bin/env bash
# Whether two built sites are the same:   same_site.sh SITE OTHER_SITE   (exit 0: the same)
# Every file byte for byte, but the process caches (.process-cache/<version>), which name each
# file's stamp (its inode and time: the file system's choice), the site's in each entry and the
# store's in its key: those are compared with stamps and keys taken out, and must have stamps.
set -euo pipefail
diff -r -x .process-cache "$1" "$2" || exit 1
stamp='"[0-9]+:[0-9]+:[0-9]+\.[0-9]+"'
[[ $(ls "$1/.process-cache" 2>/dev/null) == $(ls "$2/.process-cache" 2>/dev/null) ]] || { echo "same_site: the process caches differ in name" >&2; exit 1; }
unstamped() { sed -E -e "s/$stamp/\"stamp\"/g" -e 's/^([^\t]*)\t[0-9a-f]{64}\t/\1\tkey\t/' "$1"; }
for cache in "$1"/.process-cache/*; do
  [[ -e $cache ]] || continue
  grep -qE "$stamp" "$cache" || { echo "same_site: no stamps in $cache" >&2; exit 1; }
  cmp -s <(unstamped "$cache") <(unstamped "$2/.process-cache/${cache##*/}") \
    || { echo "same_site: $cache differs beyond its stamps" >&2; exit 1; }
done
