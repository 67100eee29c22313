#!/usr/bin/env bash
# clang-format's style (.clang-format) on the C++ of src/, tests/ and examples/: any file that
# would change fails, with the first lines of what would change.
#   format.sh SOURCE_DIR [--apply]
set -uo pipefail
source_dir=$1
command -v clang-format >/dev/null || { echo "format: clang-format is missing (bash setup.sh test installs it)" >&2; exit 1; }
cd "$source_dir" || exit 1
mapfile -d '' files < <(find src tests examples \( -name '*.cpp' -o -name '*.hpp' \) -not -path 'tests/*/node_modules/*' \
  -not -path 'tests/architecture/bad-tree/*' -print0 | sort -z)
if [[ ${2:-} == --apply ]]; then
  clang-format -i "${files[@]}"
  exit
fi
bad=0
for file in "${files[@]}"; do
  if ! clang-format "$file" | cmp -s - "$file"; then
    echo "format: $file is not formatted as .clang-format says; differences:" >&2
    clang-format "$file" | diff -u "$file" - | head -n 20 >&2
    bad=1
  fi
done
(( bad == 0 )) && echo "format: ${#files[@]} files as .clang-format says"
exit "$bad"
