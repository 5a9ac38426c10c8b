# Shared start of the bench scripts (sourced first):
#   source "$(dirname "$0")/lib/bench_common.sh"
# Sets root, py and a scratch directory work removed on exit; defines usage_error,
# require_executable and output_dir for the scripts' argument handling, and config_variant.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# usage_error MESSAGE: the one line a bad argument gets, naming the script; exit code 2.
usage_error() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# require_executable PATH: refuses a binary that is not there (or not executable).
require_executable() {
  [[ -x $1 ]] || usage_error "$1 is not an executable"
}

# output_dir DIR: prints DIR after creating it; with DIR empty, a folder in the scratch directory.
output_dir() {
  local dir=${1:-$work/out}
  mkdir -p "$dir"
  echo "$dir"
}

# config_variant CONFIG OUT [PYTHON_EDIT [ARGS...]] — data/configs/CONFIG.json copied to OUT with
# its data set's path pointing into data/datasets and PYTHON_EDIT run on the parsed config `c`
# (ARGS are sys.argv[5:] there).
config_variant() {
  $py - "$root/data/configs/$1.json" "$2" "${3:-}" "$root/data/datasets" "${@:4}" <<'PY'
import json, os, sys
c = json.load(open(sys.argv[1]))
d = c["dataset"]
for key in ("path", "csv"):
    if key in d: d[key] = os.path.join(sys.argv[4], os.path.basename(d[key]))
exec(sys.argv[3])
json.dump(c, open(sys.argv[2], "w"))
PY
}
