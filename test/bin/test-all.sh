#!/usr/bin/env bash
# `npm test` after the build: two turbo lanes side by side. The end-to-end tier (@handson/lab-tests: every lab's
# scripts and notebooks on the sandbox) starts at once in a lane of its own: in one turbo run it started last and
# the whole run took about two minutes longer on 2 cores. The other lane runs lint, the type check and every
# other package's tests. The type check is one TypeScript program over every package and the lab tests
# (tsconfig.typecheck.json): each package's own program re-checked the sources of everything it imports, about
# five times the CPU. The lab scripts are in it too (node16 resolution, as strict as their editor's nodenext):
# a program of their own re-checked every package they import (43 → 30 CPU-seconds for both). Two tasks at once
# in that lane: three made the whole run slower (load average near 10 on 2 cores, lab tests 454 → 607 s).
# `--only`: the build already ran, and two lanes replaying the same cached build into dist/ at once would race.
set -u
cd "$(dirname "$0")/../.."
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  echo "usage: npm test   (build, then lint, typecheck and every package's tests in two lanes; exit 1 if any fails)"
  exit 0
fi
turbo=node_modules/.bin/turbo
"$turbo" run test --filter=@handson/lab-tests --only --continue --concurrency=2 &
e2e=$!
# The other lane: a queue, longest first (seconds of a full run on 2 cores), two at a time. Turbo starts ready
# tasks in an order of its own: in one run the notebook package (~150 s) started last and ran alone for minutes
# at the end, one core idle. A task missing here still runs (last); a name here that is gone fails the lane.
longest_first=(
  "run test --filter=@handson/sandbox"
  "run test --filter=@handson/aws"
  "run test --filter=@handson/lab-scripts"
  "run test --filter=@handson/notebook"
  "run typecheck:packages"
  "run test --filter=@handson/cli"
  "run test --filter=@handson/dataplane"
  "run lint"
  "run test --filter=@handson/credentials"
  "run test --filter=@handson/labkit"
  "run test --filter=@handson/lab-helpers"
)
listed=$(printf '%s\n' "${longest_first[@]}" | sed -n 's/.*--filter=//p' | sort)
# Every workspace package with tests (as npm resolves the workspaces), so one added later runs too, at the end.
others=$(npm query .workspace |
  node -e 'for (const p of JSON.parse(require("node:fs").readFileSync(0, "utf8"))) if (p.scripts?.test && p.name !== "@handson/lab-tests") console.log(p.name)' |
  sort | comm -23 - <(echo "$listed"))
for name in $others; do longest_first+=("run test --filter=$name"); done
printf '%s\n' "${longest_first[@]}" |
  xargs -P 2 -I{} sh -c "$turbo {} --only --continue --output-logs=full"
rest=$?
wait "$e2e"
e2e_status=$?
[ "$rest" -eq 0 ] && [ "$e2e_status" -eq 0 ]
