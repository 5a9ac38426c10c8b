# Shared start of the columns bench scripts (sourced, with the script's arguments):
#   source "$(dirname "$0")/lib/columns_bench.sh" "$@"
# Sets root, snnft (first argument, default build/apps/snnft), seeds (the other arguments,
# default 1 2 3), py, a scratch directory work removed on exit, fail=0, and config_variant.
source "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh"
snnft=${1:-$root/build/apps/snnft}
shift || true
seeds=("${@:-1 2 3}")
read -r -a seeds <<<"${seeds[*]}"
fail=0

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
