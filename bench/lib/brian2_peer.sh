# Sourced by the scripts that run snnft beside Brian2 (bench/*_vs_brian2.sh, compare_brian2.sh).
# Needs: $py (the Python interpreter), $root (the checkout) and optionally $build_dir.

# Installs Brian2 and a compiler for its standalone mode when they are missing (root only).
ensure_brian2() {
  if "$py" -c 'import brian2' 2>/dev/null && command -v g++ >/dev/null && command -v make >/dev/null; then
    return 0
  fi
  local pkgs="python3-brian python3-brian-lib python3-dev g++ make"
  if [[ $(id -u) -ne 0 ]]; then
    echo "error: Brian2 is not installed; as root run: apt-get install -y $pkgs" >&2
    exit 1
  fi
  echo "Installing Brian2 and a compiler ($pkgs)..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $pkgs >&2
}

# Builds the snnft CLI in a Release build directory (a no-op when up to date) and sets $snnft.
# Timings from another build type would not be comparable, so any other type is refused.
build_release_snnft() {
  build_dir=${build_dir:-$root/build-release}
  if [[ ! -f $build_dir/CMakeCache.txt ]]; then
    local generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release >&2
  fi
  local build_type
  build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
  if [[ $build_type != Release ]]; then
    echo "error: $build_dir is a '$build_type' build; use a Release build directory (--build-dir)" >&2
    exit 1
  fi
  cmake --build "$build_dir" --target snnft -j "$(nproc)" >&2
  snnft="$build_dir/apps/snnft"
}
