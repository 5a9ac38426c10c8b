# Shared start of the columns bench scripts (sourced, with the script's arguments):
#   source "$(dirname "$0")/lib/columns_bench.sh" "$@"
# Sets root, snnft (first argument, default build/apps/snnft), seeds (the other arguments,
# default 1 2 3), py, a scratch directory work removed on exit and fail=0; config_variant
# comes from bench_common.sh.
source "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh"
snnft=${1:-$root/build/apps/snnft}
shift || true
seeds=("${@:-1 2 3}")
read -r -a seeds <<<"${seeds[*]}"
fail=0
