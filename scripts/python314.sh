#!/usr/bin/env bash
# Make a Python 3.14 interpreter available on Debian 12 (bookworm, x86_64)
# without touching the system Python, and print its absolute path as the
# LAST line of stdout. Everything else goes to stderr.
#
#   py=$(scripts/python314.sh) && "$py" -m venv .venv && .venv/bin/pip install ...
#
# How: bookworm has no 3.14, so we fetch Debian unstable's (sid) binary
# packages with a private apt configuration, unpack them into a private
# prefix, point the binary at the unpacked (newer) glibc with patchelf and
# create a base venv that has pip. The result is cached under
# ${TDB_PY314_HOME:-$HOME/.cache/tdb/python3.14}; a warm run is instant and
# offline. Delete that directory to force a rebuild.
set -euo pipefail

# Bump when the build recipe changes so old caches are rebuilt.
RECIPE=1

SYSTEM_SOURCES=/etc/apt/sources.list.d/debian.sources
MULTIARCH=x86_64-linux-gnu
PACKAGES=(
    python3.14 python3.14-minimal libpython3.14-minimal libpython3.14-stdlib
    python3.14-venv python3-pip-whl
    libc6 libssl3t64 libexpat1 libffi8 zlib1g liblzma5 libbz2-1.0 libzstd1
    libsqlite3-0 libncursesw6 libtinfo6 libreadline8t64 libuuid1 libmpdec4
    libgcc-s1
)
# Extension modules that must load, i.e. whose shared libraries are found.
REQUIRED_MODULES="ssl _hashlib sqlite3 ctypes curses _curses_panel readline
    lzma bz2 zlib _decimal _uuid pyexpat _zstd _remote_debugging"

# Keep stdout clean for the final path: everything else goes to stderr.
exec 3>&1 1>&2

log() { echo "python314.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }
trap 'log "error: command failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

CACHE=${TDB_PY314_HOME:-$HOME/.cache/tdb/python3.14}
mkdir -p "$CACHE" || die "cannot create cache directory $CACHE"
CACHE=$(cd "$CACHE" && pwd -P)   # absolute: paths get baked into the build

PREFIX=$CACHE/prefix              # unpacked .debs
VENV=$CACHE/venv                  # base venv with pip; its python is printed
DEBS=$CACHE/debs                  # downloaded .debs (complete set only)
APTDIR=$CACHE/apt                 # private apt sources, lists and cache
MARKER=$CACHE/.complete-recipe$RECIPE   # holds the interpreter path

PY=$VENV/bin/python

# Is the cached build complete and still runnable? (no network needed)
cache_ok() {
    [[ -f $MARKER && "$(cat "$MARKER")" == "$PY" && -x $PY ]] &&
        "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 14))' 2>/dev/null
}

if cache_ok; then
    echo "$PY" >&3
    exit 0
fi

# Serialise concurrent builds; someone else may have finished meanwhile.
if command -v flock >/dev/null; then
    exec 9>"$CACHE/.lock"
    flock 9
    if cache_ok; then
        echo "$PY" >&3
        exit 0
    fi
fi

[[ $(uname -m) == x86_64 ]] || die "only x86_64 is supported (this is $(uname -m))"
[[ -f $SYSTEM_SOURCES ]] ||
    die "$SYSTEM_SOURCES is missing: cannot find the Debian archive to fetch sid packages from"
command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
    die "apt-get and dpkg are required (is this Debian?)"

log "building Python 3.14 under $CACHE (first run only)"
# Anything left without a marker is a half-finished build: start it over.
rm -f "$CACHE"/.complete-*
rm -rf "$PREFIX" "$VENV"

# --- 1. private apt configuration for sid -----------------------------------
# Copy the first stanza (the main archive; security has no sid) and point it
# at sid. The file must end in .sources for apt to read it as deb822.
mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial"
SID_SOURCES=$APTDIR/sid.sources
awk 'BEGIN { RS = "" } NR == 1 { print; exit }' "$SYSTEM_SOURCES" |
    sed -e 's/^Suites:.*/Suites: sid/' -e 's/^Types:.*/Types: deb/' >"$SID_SOURCES"
ARCHIVE_URI=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' "$SID_SOURCES" | head -n1)
[[ -n $ARCHIVE_URI ]] || die "no URIs: line in the first stanza of $SYSTEM_SOURCES"
grep -q '^Suites: sid$' "$SID_SOURCES" ||
    die "no Suites: line in the first stanza of $SYSTEM_SOURCES"

# Private sources, lists, cache and pinning: the system's apt state is untouched.
APT_OPTS=(
    -o "Dir::Etc::SourceList=$SID_SOURCES"
    -o Dir::Etc::SourceParts=/dev/null
    -o Dir::Etc::Preferences=/dev/null
    -o Dir::Etc::PreferencesParts=/dev/null
    -o "Dir::State::Lists=$APTDIR/lists"
    -o "Dir::Cache=$APTDIR/cache"
    -o Acquire::Languages=none
)
# As root, apt drops to the _apt user, which cannot write into $HOME.
if [[ $(id -u) == 0 ]]; then APT_OPTS+=(-o APT::Sandbox::User=root); fi

# --- 2. download and unpack the packages -----------------------------------
# Reuse a complete download from an earlier, interrupted build.
if [[ ! -f $DEBS/.complete ]]; then
    log "fetching the sid package lists from $ARCHIVE_URI"
    apt-get "${APT_OPTS[@]}" update ||
        die "apt-get update for sid failed (see above)"
    log "downloading ${#PACKAGES[@]} packages"
    rm -rf "$DEBS" "$DEBS.partial"
    mkdir -p "$DEBS.partial"
    (cd "$DEBS.partial" && apt-get "${APT_OPTS[@]}" download "${PACKAGES[@]}") ||
        die "apt-get download from sid failed (see above)"
    touch "$DEBS.partial/.complete"
    mv "$DEBS.partial" "$DEBS"
fi

log "unpacking into $PREFIX"
mkdir -p "$PREFIX"
for deb in "$DEBS"/*.deb; do
    dpkg -x "$deb" "$PREFIX"
done
BIN=$PREFIX/usr/bin/python3.14
LIBDIR=$PREFIX/usr/lib/$MULTIARCH
STDLIB=$PREFIX/usr/lib/python3.14
[[ -x $BIN && -e $LIBDIR/ld-linux-x86-64.so.2 ]] ||
    die "the unpacked packages lack $BIN or the dynamic loader"

# --- 3. make the binary use the unpacked glibc and libraries ----------------
# sid's python needs a newer glibc than bookworm's. DT_RPATH (not RUNPATH) of
# the executable also applies to everything it dlopens, so the lib-dynload
# extension modules and their dependencies find the unpacked libraries too,
# with no LD_LIBRARY_PATH leaking into child processes.
if ! command -v patchelf >/dev/null; then
    [[ $(id -u) == 0 ]] || die "patchelf is missing; install it (apt-get install patchelf)"
    log "installing patchelf"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y patchelf || { apt-get update && apt-get install -y patchelf; } ||
        die "could not install patchelf"
fi
patchelf --set-interpreter "$LIBDIR/ld-linux-x86-64.so.2" \
    --force-rpath --set-rpath "$LIBDIR" "$BIN"

# Debian's ensurepip takes pip from the compiled-in /usr/share/python-wheels,
# which on bookworm holds pip 23.0.1 (too old for 3.14), so `-m venv` would
# fail. Point it at the unpacked wheels instead.
sed -i "s|'WHEEL_PKG_DIR': '/usr/share/python-wheels/\?'|'WHEEL_PKG_DIR': '$PREFIX/usr/share/python-wheels/'|" \
    "$STDLIB"/_sysconfigdata_*.py
"$BIN" -c 'import sysconfig, sys; sys.exit(not sysconfig.get_config_var("WHEEL_PKG_DIR").startswith(sys.argv[1]))' "$PREFIX" ||
    die "could not redirect WHEEL_PKG_DIR in $STDLIB/_sysconfigdata_*.py"

# Each extension module must find its libraries.
"$BIN" - $REQUIRED_MODULES <<'EOF' || die "required extension modules do not load (see above)"
import importlib, sys
bad = []
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except ImportError as e:
        bad.append(name)
        print(f"  cannot import {name}: {e}", file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
# Others (e.g. _dbm needs the system's libdb) only get a warning.
"$BIN" - "$STDLIB/lib-dynload" <<'EOF'
import importlib, os, sys
for f in sorted(os.listdir(sys.argv[1])):
    name = f.split(".")[0]
    try:
        importlib.import_module(name)
    except ImportError as e:
        print(f"python314.sh: warning: optional module {name}: {e}", file=sys.stderr)
EOF

# Precompile the stdlib (the .debs ship no .pyc) so first uses are fast.
"$BIN" -m compileall -q -j0 "$STDLIB" >/dev/null || log "warning: compileall had errors"

# --- 4. base venv with pip ---------------------------------------------------
log "creating the base venv $VENV"
"$BIN" -m venv --without-pip "$VENV"
PIP_WHEEL=$(ls "$PREFIX"/usr/share/python-wheels/pip-*.whl | sort -V | tail -n1)
"$PY" "$PIP_WHEEL/pip" install --no-index --no-input --disable-pip-version-check \
    --no-cache-dir --quiet "$PIP_WHEEL"

# --- 5. self-test: what callers do, minus the network ------------------------
log "self-test"
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 14), sys.version; assert hasattr(sys, "remote_exec")'
"$PY" -m pip --version
TESTDIR=$(mktemp -d "${TMPDIR:-/tmp}/python314-selftest.XXXXXX")
trap 'rm -rf "$TESTDIR"' EXIT
"$PY" -m venv "$TESTDIR/venv"       # runs ensurepip from the unpacked wheel
"$TESTDIR/venv/bin/pip" --version
"$TESTDIR/venv/bin/python" -c 'import ssl, sqlite3, ctypes, curses, readline, sys; print(sys.version)'

# The marker goes last: without it the next run rebuilds from scratch.
echo "$PY" >"$MARKER.tmp"
mv "$MARKER.tmp" "$MARKER"
log "done: Python $("$PY" -c 'import platform; print(platform.python_version())')"
echo "$PY" >&3
