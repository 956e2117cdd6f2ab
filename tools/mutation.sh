#!/usr/bin/env bash
# Mutation testing of the code that decides who is funded and how much (see docs/testing.md).
#
#   tools/mutation.sh                 # every module in scope, highest stakes first
#   tools/mutation.sh budget ranking  # only these modules
#   MUTATION_RECHECK=1 tools/mutation.sh budget   # check the survivors again after adding tests
#   MUTATION_SAMPLE="0 5" tools/mutation.sh vector # only mutants whose number ends in 0 or 5
#
# Needs `pip install -e '.[test,mutation]'`. Runs mutmut under `nice` with MUTATION_CHILDREN
# workers (default 2), then prints the kill rate per module (tools/mutation_report.py). Results
# accumulate in mutants/ (git-ignored): a second run re-checks only what changed; delete
# mutants/ to start again. Not part of CI: the whole scope takes hours on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A MODULES=(
  [budget]="kcscore.batch.budget.*"
  [ranking]="kcscore.batch.ranking.*"
  [dated]="kcscore.policy.dated.*"
  [support]="kcscore.assess.support.*"
  [rules]="kcscore.policy.rules.*"
  [outcomes]="kcscore.kinds.*"
  [assessor]="kcscore.assess.assessor.*"
  [result]="kcscore.assess.result.*"
  [vector]="kcscore.assess.vector.*"
  [evaluate]="kcscore.expr.evaluate.*"
  [vector_compile]="kcscore.engine.vector_compile.*"
)
ORDER=(budget ranking dated support rules outcomes assessor evaluate vector_compile vector result)

if [ "$#" -eq 0 ]; then set -- "${ORDER[@]}"; fi
patterns=()
for name in "$@"; do
  if [ -z "${MODULES[$name]:-}" ]; then
    echo "unknown module '$name'; one of: ${ORDER[*]}" >&2
    exit 2
  fi
  if [ -n "${MUTATION_SAMPLE:-}" ]; then
    # a fixed, repeatable part of a module too large for one sitting: mutmut numbers the mutants of
    # each function 1, 2, 3...; keep those whose number ends in one of the given digits
    for digit in ${MUTATION_SAMPLE}; do
      patterns+=("${MODULES[$name]}__mutmut_*${digit}")
    done
  else
    patterns+=("${MODULES[$name]}")
  fi
done

if [ "${MUTATION_RECHECK:-0}" = "1" ] && [ -d mutants ]; then
  # mutmut maps tests to functions once; a test edited since then may reach new code, so map again.
  rm -f mutants/mutmut-stats.json
  python tools/mutation_report.py --reset-survivors
fi
nice -n 10 mutmut run --max-children "${MUTATION_CHILDREN:-2}" "${patterns[@]}"
python tools/mutation_report.py
