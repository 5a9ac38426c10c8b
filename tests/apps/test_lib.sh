# Sourced by the end-to-end scripts in tests/apps: a scratch folder removed on exit, pass/fail
# counting, and config variants made from the shipped configs.

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# variant SOURCE OUT PYTHON — OUT is the JSON config SOURCE after running PYTHON on it as `c`.
variant() {
  /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import json, os, sys
c = json.load(open(sys.argv[1]))
# Relative data paths keep pointing at the shipped data set.
if "path" in c.get("dataset", {}):
    c["dataset"]["path"] = os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), c["dataset"]["path"])
exec(sys.argv[3])
json.dump(c, open(sys.argv[2], "w"), indent=1)
PY
}

# finish [LABEL] — prints the counts and exits non-zero if any check failed.
finish() {
  echo "${1:+$1: }$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
  exit
}
