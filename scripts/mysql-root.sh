#!/usr/bin/env bash
# Builds (or reuses) a private root of Debian unstable's MySQL programs, for scripts/gen-mysql-options.mjs and
# test/oracle/mysql-programs.test.ts:
#
#   bash scripts/mysql-root.sh          prints the root's path (builds it first when it is missing)
#
# Debian unstable ("sid") ships MySQL (mysql-client-core, mysql-client, mysql-server-core); its programs need a
# newer C library than this Debian release has, so they are not installed but unpacked into ROOT together with
# every package they depend on (apt-cache depends --recurse, sid's own libc and dynamic loader included) and run
# through sid's loader: ROOT/bin/PROG is a wrapper that execs
#   ROOT/usr/lib/<triplet>/ld-linux-*.so.* --inhibit-cache --library-path ROOT/usr/lib/<triplet> ROOT/usr/.../PROG
# (clients with --argv0 PROG, as if started from PATH; mysqld with its full path, from which it finds its basedir,
# error messages and plugins under ROOT/usr). Nothing is installed on the machine: apt-get runs with a private
# state directory (lists, cache, sources) inside a temporary folder, with
# the machine's own Debian mirror (the URI of its `deb` source for this release's codename) and suite sid, signed
# by the machine's Debian archive keyring. ROOT/VERSIONS records the packages and versions unpacked.
#
#   ROOT = $KEEPALIVE_MYSQL_ROOT, else ${XDG_CACHE_HOME:-$HOME/.cache}/keepalive-lens/mysql-sid
#   KEEPALIVE_MYSQL_MIRROR=URI      use this Debian mirror instead of the machine's
#   KEEPALIVE_MYSQL_TRUSTED=1       do not check sid's signature (when the local keyring is too old for it)
#
# Idempotent: when ROOT holds a complete root (VERSIONS is written last) it only prints the path. The root is
# built next to ROOT and renamed into place, under a lock, so concurrent runs never see half a root.
set -euo pipefail

ROOT="${KEEPALIVE_MYSQL_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/keepalive-lens/mysql-sid}"
PACKAGES=(mysql-client-core mysql-client mysql-server-core)
CLIENTS=(mysql mysqldump mysqladmin mysqlcheck mysqlimport mysqlshow mysqlslap)
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

complete() { [ -s "$ROOT/VERSIONS" ] && [ -x "$ROOT/bin/mysqld" ] && [ -x "$ROOT/bin/mysql" ]; }

if complete; then
  echo "$ROOT"
  exit 0
fi

die() {
  echo "mysql-root: $*" >&2
  exit 1
}
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || die "needs Debian's apt-get and dpkg-deb"

mkdir -p "$(dirname "$ROOT")"
exec 9>"$ROOT.lock"
flock 9
if complete; then # built by a concurrent run while this one waited
  echo "$ROOT"
  exit 0
fi

# The machine's Debian mirror: the first URI of a `deb` source (one-line or deb822 format) whose suite is this
# release's codename (bookworm), so that security, backports and third-party sources are never picked.
mirror_uri() {
  local codename
  codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
  [ -n "$codename" ] || return 1
  local files=()
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do [ -f "$f" ] && files+=("$f"); done
  [ ${#files[@]} -gt 0 ] || return 1
  awk -v codename="$codename" '
    function flush() {
      if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " codename " ") && uris != "" && !found) { split(uris, u, " "); print u[1]; found = 1 }
      types = ""; uris = ""; suites = ""
    }
    FNR == 1 { flush() }
    /^[ \t]*#/ { next }
    FILENAME ~ /\.sources$/ {
      if ($0 ~ /^[ \t]*$/) { flush(); next }
      if (tolower($1) == "types:") { $1 = ""; types = $0 }
      else if (tolower($1) == "uris:") { $1 = ""; uris = $0 }
      else if (tolower($1) == "suites:") { $1 = ""; suites = $0 }
      next
    }
    $1 == "deb" && !found {
      i = 2
      if ($i ~ /^\[/) { while ($i !~ /\]$/ && i < NF) i++; i++ }
      if ($(i + 1) == codename) { print $i; found = 1 }
    }
    END { flush() }
  ' "${files[@]}" | head -n 1
}

MIRROR="${KEEPALIVE_MYSQL_MIRROR:-$(mirror_uri || true)}"
[ -n "$MIRROR" ] || die "found no Debian source for this release in /etc/apt (set KEEPALIVE_MYSQL_MIRROR to a Debian mirror URI)"
if [ "${KEEPALIVE_MYSQL_TRUSTED:-}" = 1 ]; then
  SIGNED='trusted=yes'
else
  [ -f "$KEYRING" ] || die "$KEYRING is missing (apt-get install debian-archive-keyring, or KEEPALIVE_MYSQL_TRUSTED=1)"
  SIGNED="signed-by=$KEYRING"
fi

BUILD="$(mktemp -d "$ROOT.build.XXXXXX")"
trap 'rm -rf "$BUILD"' EXIT
APT="$BUILD/apt"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/debs" "$BUILD/root"
echo "deb [$SIGNED] $MIRROR sid main" >"$APT/sources.list"
OPTS=(
  -o "Dir::Etc::SourceList=$APT/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache" -o "Dir::State::status=/dev/null"
  -o Debug::NoLocking=1 -o APT::Sandbox::User=root -o Acquire::Languages=none
)
echo "mysql-root: reading sid's package list from $MIRROR" >&2
apt-get "${OPTS[@]}" -qq update >&2 || die "apt-get update of sid failed (a key sid is signed with may be missing: KEEPALIVE_MYSQL_TRUSTED=1)"

# Real packages only: `<perl:any>` and other virtual names have no .deb of their own.
mapfile -t ALL < <(
  apt-cache "${OPTS[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances "${PACKAGES[@]}" |
    grep -v '^[ <]' | sort -u
)
[ ${#ALL[@]} -gt ${#PACKAGES[@]} ] || die "apt-cache depends found no dependencies of ${PACKAGES[*]}"
echo "mysql-root: downloading ${#ALL[@]} packages" >&2
(cd "$APT/debs" && apt-get "${OPTS[@]}" -qq download "${ALL[@]}" >&2)
for deb in "$APT/debs"/*.deb; do
  dpkg-deb -x "$deb" "$BUILD/root"
  dpkg-deb --show --showformat='${Package} ${Version}\n' "$deb" >>"$BUILD/packages"
done

# sid's dynamic loader and library directory (x86_64-linux-gnu on amd64).
LOADER="$(cd "$BUILD/root" && ls usr/lib/*/ld-linux*.so.* 2>/dev/null | head -n 1)"
[ -n "$LOADER" ] || die "no dynamic loader in sid's libc6"
LIBDIR="$(dirname "$LOADER")"

mkdir -p "$BUILD/root/bin"
# Clients see argv[0] = their bare name, as when started from PATH (their messages print it: "mysql: option
# '--connect_timeout' requires an argument"); mysqld sees its full path, from which it finds its basedir.
wrapper() { # name, path under the root, argv[0] (empty: the full path)
  cat >"$BUILD/root/bin/$1" <<EOF
#!/bin/sh
# $1 from Debian sid, run with sid's own dynamic loader and libraries (written by scripts/mysql-root.sh).
R="\$(cd "\$(dirname "\$0")/.." && pwd)"
exec "\$R/$LOADER" --inhibit-cache --library-path "\$R/$LIBDIR"${3:+ --argv0 $3} "\$R/$2" "\$@"
EOF
  chmod 755 "$BUILD/root/bin/$1"
}
for p in "${CLIENTS[@]}"; do
  [ -x "$BUILD/root/usr/bin/$p" ] || die "sid's packages have no /usr/bin/$p"
  wrapper "$p" "usr/bin/$p" "$p"
done
[ -x "$BUILD/root/usr/sbin/mysqld" ] || die "sid's mysql-server-core has no /usr/sbin/mysqld"
wrapper mysqld usr/sbin/mysqld
[ -x "$BUILD/root/usr/bin/my_print_defaults" ] && wrapper my_print_defaults usr/bin/my_print_defaults my_print_defaults

# Every wrapper must run (a missing library shows here, not in the middle of a measurement).
for w in "$BUILD/root/bin"/*; do
  "$w" --no-defaults --version >/dev/null 2>&1 || "$w" --version >/dev/null 2>&1 || die "$(basename "$w") does not run: $("$w" --version 2>&1 | head -n 3)"
done

{
  echo "# Debian sid packages unpacked by scripts/mysql-root.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ): package version"
  sort "$BUILD/packages"
  echo "# $("$BUILD/root/bin/mysqld" --version | sed 's|^.*/mysqld |mysqld |')"
} >"$BUILD/root/VERSIONS.tmp"

# Into place: move an incomplete leftover aside, rename the new root, and only then write VERSIONS.
if [ -e "$ROOT" ]; then
  OLD="$(mktemp -d "$ROOT.old.XXXXXX")"
  mv "$ROOT" "$OLD/"
  rm -rf "$OLD"
fi
mv "$BUILD/root" "$ROOT"
mv "$ROOT/VERSIONS.tmp" "$ROOT/VERSIONS"
echo "mysql-root: $(grep -m1 '^mysql-server-core ' "$ROOT/VERSIONS")" >&2
echo "$ROOT"
