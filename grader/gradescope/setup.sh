#!/usr/bin/env bash
# Gradescope runs this once, as root on Ubuntu, when it builds the autograder image: it installs Node 22 LTS
# and the grader's runtime dependencies. The autograder zip is unpacked into $AUTOGRADER_ROOT/source first.
#
# Node comes from the official nodejs.org tarball of the newest 22.x release, checked against the signed
# release's SHASUMS256.txt. That needs only curl, ca-certificates and xz-utils, whatever Ubuntu release and
# CPU Gradescope's base image has; a distribution's own nodejs package is too old, and a third-party apt
# repository adds a keyring and a source list that can change under us. An existing Node 22 or later is kept.
set -euo pipefail

AUTOGRADER_ROOT="${AUTOGRADER_ROOT:-/autograder}"
NODE_MAJOR=22

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt "$NODE_MAJOR" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends ca-certificates curl xz-utils

  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "setup.sh: no Node build for $(uname -m)" >&2; exit 1 ;;
  esac
  base="https://nodejs.org/dist/latest-v${NODE_MAJOR}.x"
  work="$(mktemp -d)"
  curl -fsSL --retry 5 --retry-delay 5 -o "$work/SHASUMS256.txt" "$base/SHASUMS256.txt"
  tarball="$(awk -v arch="$arch" '$2 ~ ("^node-v[0-9.]+-linux-" arch "\\.tar\\.xz$") { print $2 }' "$work/SHASUMS256.txt")"
  [ -n "$tarball" ] || { echo "setup.sh: no linux-$arch tarball listed in $base/SHASUMS256.txt" >&2; exit 1; }
  curl -fsSL --retry 5 --retry-delay 5 -o "$work/$tarball" "$base/$tarball"
  (cd "$work" && grep " $tarball\$" SHASUMS256.txt | sha256sum -c -)
  # /usr/local/bin comes before /usr/bin on the default PATH, so this node is the one run_autograder finds.
  tar -xJf "$work/$tarball" -C /usr/local --strip-components=1 --no-same-owner
  rm -rf "$work"
  hash -r
fi

# bubblewrap: run_autograder grades with --require-isolation, which refuses to run student code without it.
if ! command -v bwrap >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends bubblewrap
fi

echo "node $(node --version), npm $(npm --version)"
[ "$(node_major)" -ge "$NODE_MAJOR" ] || { echo "setup.sh: node $NODE_MAJOR or later is not on the PATH" >&2; exit 1; }

cd "$AUTOGRADER_ROOT/source"
# Runtime dependencies only, exactly as package-lock.json pins them (tsx, esbuild, mathjs, ... are runtime).
npm ci --omit=dev --no-audit --no-fund
# Smoke test on the image itself: the reference solutions must earn full marks, public and hidden tests. This
# also builds the sandbox's runtime files (node_modules/.cache/numgrade) once, instead of in a student's run.
check="$(mktemp -d)"
# --require-isolation as in run_autograder: an image where bubblewrap cannot start a sandbox fails here, at build
# time, instead of at every student's submission.
node grader/bin/grader.mjs gradescope solutions --results "$check/results.json" --require-isolation
node -e '
  const results = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  const max = results.tests.reduce((sum, test) => sum + test.max_score, 0);
  if (results.tests.length === 0 || results.score !== max) { console.error(`setup.sh: the reference solutions earn ${results.score} / ${max} on this image`); process.exit(1); }
  console.log(`reference solutions: ${results.score} / ${max}`);
' "$check/results.json"
rm -rf "$check"
