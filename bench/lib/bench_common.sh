# Shared start of the bench scripts (sourced first):
#   source "$(dirname "$0")/lib/bench_common.sh"
# Sets root, py and a scratch directory work removed on exit; defines usage_error,
# require_executable and output_dir for the scripts' argument handling.
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
