#!/usr/bin/env bash
# `npm test` after the build: two turbo lanes side by side. The end-to-end tier (@handson/lab-tests: every lab's
# scripts and notebooks on the sandbox, ~5 minutes on 2 cores) starts at once in a lane of its own; the other
# lane runs lint, every other package's typecheck and tests. In one turbo run it started last, behind every
# typecheck, and the whole run took about two minutes longer on 2 cores. `--only`: the build already ran, and two
# lanes replaying the same cached build into dist/ at once would race.
set -u
cd "$(dirname "$0")/../.."
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  echo "usage: npm test   (build, then lint, typecheck and every package's tests in two lanes; exit 1 if any fails)"
  exit 0
fi
turbo=node_modules/.bin/turbo
"$turbo" run typecheck test --filter=@handson/lab-tests --only --continue --concurrency=2 &
e2e=$!
"$turbo" run lint typecheck test --filter='!@handson/lab-tests' --only --continue --concurrency=2
rest=$?
wait "$e2e"
e2e_status=$?
[ "$rest" -eq 0 ] && [ "$e2e_status" -eq 0 ]
