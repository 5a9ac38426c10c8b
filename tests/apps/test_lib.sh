# Sourced by the end-to-end scripts in tests/apps: a scratch folder removed on exit, pass/fail
# counting, checks of refused input, and config variants made from the shipped configs.

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# refused NAME CMD... — runs CMD (stderr kept in $work/err); succeeds when it exits 2 with exactly
# one stderr line, else counts a failure naming NAME and returns 1.
refused() {
  local name=$1
  shift
  "$@" >"$work/stdout" 2>"$work/err"
  local code=$?
  if [[ $code -ne 2 ]]; then fail "$name: exit code $code, expected 2: $(cat "$work/err")"; return 1; fi
  if [[ $(wc -l <"$work/err") -ne 1 ]]; then fail "$name: expected one stderr line, got: $(cat "$work/err")"; return 1; fi
}

# expect_error NAME EXPECTED_STDERR_LINE CMD... — exit 2, exactly that one stderr line.
expect_error() {
  local name=$1 expected=$2
  shift 2
  refused "$name" "$@" || return
  if [[ "$(cat "$work/err")" != "$expected" ]]; then fail "$name: got '$(cat "$work/err")' expected '$expected'"; return; fi
  ok
}

# variant SOURCE OUT PYTHON — OUT is the JSON config SOURCE after running PYTHON on it as `c`.
variant() {
  /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import json, os, sys
c = json.load(open(sys.argv[1]))
# Relative data paths keep pointing at the shipped data set.
for key in ("path", "csv"):
    if key in c.get("dataset", {}):
        c["dataset"][key] = os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), c["dataset"][key])
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
