#!/usr/bin/env bash
# Resolve merge conflicts in the gettext catalogues: the union of "ours" and "theirs"
# (msgcat --use-first: on a message both sides translate differently, ours wins).
# Run from the repository root during a merge; `make i18n-merge` then runs the codemod.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for po in src/brug/locale/*/LC_MESSAGES/django.po; do
  if git ls-files -u -- "$po" | grep -q .; then
    git show ":2:$po" > "$tmp/ours.po"
    git show ":3:$po" > "$tmp/theirs.po"
    msgcat --use-first --no-wrap --add-location=file -o "$po" "$tmp/ours.po" "$tmp/theirs.po"
    git add "$po"
    echo "merged $po"
  fi
done
