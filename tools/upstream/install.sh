#!/usr/bin/env bash
# Installs the upstream binaries the tests run on into .upstream/ (project-local, git-ignored):
#   - prometheus + promtool, alertmanager + amtool, node_exporter from Debian's `sid` suite, which tracks
#     current upstream releases (Debian 12's own builds are 2023 releases, a major version behind the images);
#   - Node.js 24 LTS from npm's `node` package.
# sid is used through a private sources list, lists folder and cache: the system's apt sources are untouched.
# Idempotent: a second run with everything present only checks versions and exits.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
dest="$root/.upstream"
versions_file="$root/tools/upstream/versions.env"
# shellcheck source=versions.env
. "$versions_file"

mkdir -p "$dest"
stamp="$dest/installed.env"

if [ -f "$stamp" ] && cmp -s "$stamp" "$versions_file" \
  && [ -x "$dest/bin/prometheus" ] && [ -x "$dest/bin/alertmanager" ] && [ -x "$dest/bin/node_exporter" ] \
  && [ -x "$dest/node/bin/node" ] && [ -f /usr/share/prometheus/alertmanager/default.tmpl ]; then
  echo "upstream binaries already installed in $dest"
  exit 0
fi

apt_dir="$dest/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
printf 'deb %s %s main\n' "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" "$DEBIAN_SUITE" >"$apt_dir/sources.list"
apt_opts=(
  -o "Dir::Etc::sourcelist=$apt_dir/sources.list"
  -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$apt_dir/lists"
  -o "Dir::Cache=$apt_dir/cache"
  -o "APT::Get::List-Cleanup=0"
  -o "Acquire::Languages=none"
)
apt-get "${apt_opts[@]}" update -qq
# Debian runs downloads as _apt, which cannot write into a root-owned project folder.
apt_opts+=(-o "APT::Sandbox::User=root")
rm -f "$apt_dir/debs"/*.deb
# shellcheck disable=SC2086 # a list of package names
(cd "$apt_dir/debs" && apt-get "${apt_opts[@]}" download $DEBIAN_PACKAGES)

rm -rf "$dest/root" "$dest/bin"
mkdir -p "$dest/root" "$dest/bin"
for deb in "$apt_dir/debs"/*.deb; do dpkg-deb -x "$deb" "$dest/root"; done
ln -sf ../root/usr/bin/prometheus "$dest/bin/prometheus"
ln -sf ../root/usr/bin/promtool "$dest/bin/promtool"
ln -sf ../root/usr/bin/prometheus-alertmanager "$dest/bin/alertmanager"
ln -sf ../root/usr/bin/amtool "$dest/bin/amtool"
ln -sf ../root/usr/bin/prometheus-node-exporter "$dest/bin/node_exporter"

# Debian patches Alertmanager to read its built-in templates from this fixed path instead of embedding them;
# the sid build's templates go there (the binary has no flag to move it). Nothing else leaves .upstream/.
install -d /usr/share/prometheus/alertmanager
install -m 0644 "$dest/root/usr/share/prometheus/alertmanager/default.tmpl" \
  "$dest/root/usr/share/prometheus/alertmanager/email.tmpl" /usr/share/prometheus/alertmanager/

# Node.js: npm's `node` package ships the official binary for this platform.
node_pkg="$dest/node-pkg"
rm -rf "$node_pkg" "$dest/node"
mkdir -p "$node_pkg"
npm install --prefix "$node_pkg" --no-save --no-audit --no-fund --loglevel=error "node@$NODE_VERSION"
mkdir -p "$dest/node/bin"
ln -sf "$(readlink -f "$node_pkg/node_modules/node/bin/node")" "$dest/node/bin/node"

for tool in prometheus promtool alertmanager amtool node_exporter; do
  "$dest/bin/$tool" --version 2>&1 | head -n 1
done
"$dest/node/bin/node" --version
cp "$versions_file" "$stamp"
