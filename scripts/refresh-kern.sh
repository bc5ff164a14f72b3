#!/usr/bin/env bash
# Refresh the vendored KERN UX design system (@kern-ux/native) in
# buergerbuero/static/vendor/kern/.
#
# Downloads ONE pinned, integrity-checked version with `npm pack` into a
# temporary directory (no node_modules, nothing else left in the repository),
# and copies only what a page needs:
#   kern.min.css                 the built CSS (already contains grid + utilities)
#   fonts/fira-sans.css          @font-face rules, trimmed to the weights KERN uses
#                                (upstream ships 10 of its 32 faces in that file)
#   fonts/fira-sans/*.woff2      exactly the font files that trimmed CSS references
#   LICENSE.md                   EUPL-1.2, as shipped in the package
#   README.vendor.md             what this is, which version, when refreshed
# CHEATSHEET.md in the same directory is hand-written and left alone.
#
# To upgrade: run `npm view @kern-ux/native@<new> dist.integrity`, update
# KERN_VERSION and KERN_INTEGRITY below, run this script, review the diff
# (class names may change; see CHANGELOG in the tarball) and CHEATSHEET.md.
set -euo pipefail

KERN_PACKAGE="@kern-ux/native"
KERN_VERSION="2.7.2"
KERN_INTEGRITY="sha512-TN0Mqbasp7S1IOqurXickde8MDj5hIcgT4s3f1i33wyv2iVgA1dTO/FoQyi6rgM9KYTYkIthl9k72g7fBUUvHg=="
# Bold (700) is kept in addition to the weights the KERN CSS names, because
# browsers render <strong>/<b> with font-weight: bold.
EXTRA_WEIGHTS="700"
# Italic faces kept (for <em> in body text); other italics are synthesised
# by the browser from the upright face, which saves ~440 KB.
ITALIC_WEIGHTS="400"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$repo_root/buergerbuero/static/vendor/kern"

command -v npm >/dev/null || { echo "refresh-kern: npm is required" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "refresh-kern: fetching $KERN_PACKAGE@$KERN_VERSION"
# Run npm from the temp dir so no package-lock/node_modules lands in the repo.
tarball="$(cd "$tmp" && npm pack --silent --ignore-scripts "$KERN_PACKAGE@$KERN_VERSION" 2>/dev/null | tail -n 1)"
[[ -f "$tmp/$tarball" ]] || { echo "refresh-kern: npm pack produced no tarball" >&2; exit 1; }

actual="sha512-$(openssl dgst -sha512 -binary "$tmp/$tarball" | base64 | tr -d '\n')"
if [[ "$actual" != "$KERN_INTEGRITY" ]]; then
    echo "refresh-kern: integrity mismatch for $tarball" >&2
    echo "  expected $KERN_INTEGRITY" >&2
    echo "  actual   $actual" >&2
    exit 1
fi

tar -xzf "$tmp/$tarball" -C "$tmp"
pkg="$tmp/package"
version_in_pkg="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$pkg/package.json" | head -n 1)"
[[ "$version_in_pkg" == "$KERN_VERSION" ]] || {
    echo "refresh-kern: tarball says version $version_in_pkg, expected $KERN_VERSION" >&2; exit 1; }

for f in dist/kern.min.css dist/fonts/fira-sans.css LICENSE.md; do
    [[ -f "$pkg/$f" ]] || { echo "refresh-kern: $f missing in package" >&2; exit 1; }
done

# The component CSS must not load anything by URL except inline data: SVGs
# (icons). If a future version adds url(...) to files, they need copying too.
if grep -oE 'url\([^)]*\)' "$pkg/dist/kern.min.css" | grep -vqE "^url\([\"']?data:"; then
    echo "refresh-kern: kern.min.css references external files; extend this script:" >&2
    grep -oE 'url\([^)]*\)' "$pkg/dist/kern.min.css" | grep -vE "^url\([\"']?data:" | sort -u >&2
    exit 1
fi

# Font weights the KERN CSS uses (numeric values in font-weight declarations
# and --kern-typography-font-weight-* tokens), plus EXTRA_WEIGHTS.
weights="$( { grep -oE 'font-weight[^;}]*' "$pkg/dist/kern.min.css" | grep -oE '\b[1-9]00\b';
              printf '%s\n' $EXTRA_WEIGHTS; } | sort -u | tr '\n' ' ' | sed 's/ *$//')"
echo "refresh-kern: keeping Fira Sans weights: $weights"

# Replace only the files this script manages.
mkdir -p "$dest"
rm -rf "$dest/fonts" "$dest/kern.min.css" "$dest/LICENSE.md" "$dest/README.vendor.md"
mkdir -p "$dest/fonts"

cp "$pkg/dist/kern.min.css" "$dest/kern.min.css"
cp "$pkg/LICENSE.md" "$dest/LICENSE.md"

# Keep the @font-face blocks whose font-weight is in $weights. The url()s
# stay relative ("./fira-sans/..."), so the files go to fonts/fira-sans/.
awk -v keep="$weights" -v keep_italic="$ITALIC_WEIGHTS" '
    BEGIN {
        RS = "}"
        n = split(keep, w, " "); for (i = 1; i <= n; i++) ok[w[i]] = 1
        n = split(keep_italic, w, " "); for (i = 1; i <= n; i++) ok_italic[w[i]] = 1
    }
    /@font-face/ {
        if (match($0, /font-weight:[ \t]*[0-9]+/)) {
            wt = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", wt)
            italic = ($0 ~ /font-style:[ \t]*italic/)
            if ((wt in ok) && (!italic || (wt in ok_italic))) {
                sub(/^[ \t\r\n]+/, ""); printf "%s}\n\n", $0
            }
        }
    }' "$pkg/dist/fonts/fira-sans.css" > "$dest/fonts/fira-sans.css"

mapfile -t fonts < <(grep -oE 'url\([^)]*\)' "$dest/fonts/fira-sans.css" \
                     | sed -E "s/^url\([\"']?//; s/[\"']?\)$//" | sort -u)
[[ ${#fonts[@]} -gt 0 ]] || { echo "refresh-kern: no fonts referenced" >&2; exit 1; }
for rel in "${fonts[@]}"; do
    case "$rel" in
        ./fira-sans/*.woff2) ;;
        *) echo "refresh-kern: unexpected font url $rel" >&2; exit 1 ;;
    esac
    src="$pkg/dist/fonts/${rel#./}"
    [[ -f "$src" ]] || { echo "refresh-kern: font $rel missing in package" >&2; exit 1; }
    mkdir -p "$dest/fonts/$(dirname "${rel#./}")"
    cp "$src" "$dest/fonts/${rel#./}"
done

cat > "$dest/README.vendor.md" <<EOF
# Vendored: KERN UX design system

- Package: \`$KERN_PACKAGE\` (npm), version **$KERN_VERSION**
- Integrity: \`$KERN_INTEGRITY\`
- Upstream: https://gitlab.opencode.de/kern-ux/kern-ux-plain, https://www.kern-ux.de
- Licence: EUPL-1.2 (see LICENSE.md, copied from the package). The Fira Sans
  font files are under the SIL Open Font License 1.1 (Mozilla / Carrois);
  the package does not ship that licence text.
- Refreshed: $(date -u +%Y-%m-%d)

Files here are generated by \`scripts/refresh-kern.sh\` — do not edit them by
hand; change the pinned version in the script and run it again. Contents:

- \`kern.min.css\` — the built KERN CSS (components, grid, utilities)
- \`fonts/fira-sans.css\` — \`@font-face\` rules, trimmed to weights $weights
  (italic only $ITALIC_WEIGHTS)
- \`fonts/fira-sans/*.woff2\` — the font files referenced by that CSS
- \`LICENSE.md\` — EUPL-1.2

\`CHEATSHEET.md\` is hand-written (class names and markup we use) and is not
touched by the script.
EOF

echo "refresh-kern: wrote $dest"
(cd "$dest" && find . -type f ! -name CHEATSHEET.md -printf '%8s  %p\n' | sort -k2)
du -sh "$dest"
