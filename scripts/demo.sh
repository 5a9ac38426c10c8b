#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main demo: the CUBA benchmark network, then
# five digits columns whose faults worsen and clear while protection steps the system down
# the degradation ladder and back up (its moves are printed from the HDF5 trace).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
./build/apps/snnft run data/configs/cuba.json --out cuba.h5
echo
./build/apps/snnft run data/configs/digits_ladder_demo.json --out ladder.h5
echo
/usr/bin/python3 - <<'PY'
import h5py
e = h5py.File("ladder.h5")["events"]
print("ladder moves (test trial: rung):")
for t, k, to, why in zip(e["trial"][:], e["kind"].asstr()[:], e["to"].asstr()[:], e["detail"].asstr()[:]):
    if k == "ladder":
        print(f"  {t:4d}: {to:17s} {why}")
PY
