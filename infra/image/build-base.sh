#!/usr/bin/env bash
# Builds PMOS's base image (a Debian bookworm JRE 17 root file system, no shell) as a `docker save` tar that Jib
# reads through `tar://`, without a Docker daemon or a container registry: the packages come from Debian's archive
# (apt-get download) and are unpacked with dpkg-deb -x. docs/deploy.md "The image" explains the choice.
# Usage: infra/image/build-base.sh OUT.tar   (reuses OUT.tar when it exists; delete it to rebuild)
set -euo pipefail
out="${1:?usage: build-base.sh OUT.tar}"
if [[ -s "$out" ]]; then echo "base image: reusing $out"; exit 0; fi
for tool in apt-get dpkg-deb ldconfig sha256sum tar; do
  command -v "$tool" >/dev/null || { echo "build-base.sh needs $tool (a Debian machine)" >&2; exit 1; }
done

# The JRE and what its JVM links against; the JRE's other Depends (fonts, sound, printing, smart cards) serve
# AWT/Swing and are left out, as distroless Java images do.
packages=(libc6 libgcc-s1 gcc-12-base libstdc++6 zlib1g openjdk-17-jre-headless)
jre=/usr/lib/jvm/java-17-openjdk-amd64
uid=10001

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/rootfs" "$(dirname "$out")"
if ! apt-cache show openjdk-17-jre-headless >/dev/null 2>&1; then apt-get update -qq; fi
(cd "$work/debs" && apt-get download -qq "${packages[@]}" 2>&1 | grep -v 'unsandboxed' || true)
shopt -s nullglob
debs=("$work"/debs/*.deb)
[[ ${#debs[@]} -eq ${#packages[@]} ]] || { echo "build-base.sh: expected ${#packages[@]} packages, got ${#debs[@]}" >&2; exit 1; }
for deb in "${debs[@]}"; do dpkg-deb -x "$deb" "$work/rootfs"; done

root="$work/rootfs"
rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/lintian" "$root/usr/lib/debug"
# What the packages' maintainer scripts would have done: the trust store (ca-certificates-java builds it from
# Debian's ca-certificates; we take the build machine's copy of that same file) and the dynamic linker cache.
cacerts=/etc/ssl/certs/java/cacerts
[[ -s "$cacerts" ]] || { echo "build-base.sh needs $cacerts (Debian package ca-certificates-java)" >&2; exit 1; }
mkdir -p "$root/etc/ssl/certs/java" "$root/tmp" "$root/work"
cp "$cacerts" "$root/etc/ssl/certs/java/cacerts"
chmod 1777 "$root/tmp"
ldconfig -r "$root"
[[ -x "$root$jre/bin/java" ]] || { echo "build-base.sh: no java in the unpacked JRE" >&2; exit 1; }
# A non-root user for PMOS (runAsUser in infra/k8s matches it).
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\npmos:x:%s:%s:PMOS:/work:/usr/sbin/nologin\n' "$uid" "$uid" > "$root/etc/passwd"
printf 'root:x:0:\npmos:x:%s:\n' "$uid" > "$root/etc/group"
chown "$uid:$uid" "$root/work"

# One layer, packed reproducibly, in the `docker save` layout (manifest.json, config, layer.tar).
img="$work/image"
mkdir -p "$img"
# Entries without a leading "./" (Jib refuses to unpack those); --numeric-owner keeps /work owned by the pmos user.
mapfile -t top < <(ls -A "$root")
tar --sort=name --mtime=@0 --numeric-owner -C "$root" -cf "$img/layer.tar" "${top[@]}"
diff_id="sha256:$(sha256sum "$img/layer.tar" | cut -d' ' -f1)"
versions="$(for deb in "${debs[@]}"; do dpkg-deb --showformat='${Package}=${Version}\n' -W "$deb"; done | paste -sd' ')"
cat > "$img/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"$uid:$uid","WorkingDir":"/work",
   "Env":["PATH=$jre/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$jre","LANG=C.UTF-8"],
   "Labels":{"io.pmos.base.packages":"$versions"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"infra/image/build-base.sh: ${packages[*]}"}]}
JSON
config_id="$(sha256sum "$img/config.json" | cut -d' ' -f1)"
mv "$img/config.json" "$img/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["pmos-base:bookworm-jre17"],"Layers":["layer.tar"]}]\n' "$config_id" > "$img/manifest.json"
tar --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 -C "$img" -cf "$out.part" manifest.json "$config_id.json" layer.tar
mv "$out.part" "$out"
echo "base image: $out ($(du -h "$out" | cut -f1); $versions)"
