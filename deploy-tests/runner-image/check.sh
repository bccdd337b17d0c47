#!/usr/bin/env bash
# Builds the runner image with Jib (-Pimage) and runs it as a container runtime would, without one: its layers
# unpacked into a root file system, its entrypoint run under chroot as the image's user, compiling and running a
# scenario against the demo target on this machine. Needs root (chroot, bind mounts).
#
#   deploy-tests/runner-image/check.sh                     # base image from the registry (eclipse-temurin:25-jdk)
#   deploy-tests/runner-image/check.sh --local-base        # no registry: a base made here with debootstrap from
#                                                          # Debian's archive and the local Temurin 25 JDK
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${BARRAGE_IMAGE_CHECK_DIR:-$root/.state/image-check}
mkdir -p "$work"
base_arg=()
jdk=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

if [[ ${1:-} == --local-base ]]; then
  if [[ ! -f $work/base.tar ]]; then
    command -v debootstrap >/dev/null || apt-get install -y -q debootstrap
    rm -rf "$work/rootfs"
    debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log"
    rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/usr/share/{doc,man,locale}
    mkdir -p "$work/rootfs/opt/java"
    cp -a "$jdk" "$work/rootfs/opt/java/openjdk"
    rm -rf "$work/rootfs/opt/java/openjdk/jmods" "$work/rootfs/opt/java/openjdk/lib/src.zip"
    # one layer, docker-save layout, eclipse-temurin's paths and environment
    (cd "$work" && python3 - <<'PY'
import hashlib, io, json, os, subprocess, tarfile
subprocess.run(['tar', '--numeric-owner', '-C', 'rootfs', '-cf', 'layer.tar', '.'], check=True)
h = hashlib.sha256()
with open('layer.tar', 'rb') as f:
    for chunk in iter(lambda: f.read(1 << 20), b''):
        h.update(chunk)
cfg = json.dumps({'architecture': 'amd64', 'os': 'linux',
    'config': {'Env': ['PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
                       'JAVA_HOME=/opt/java/openjdk', 'LANG=C.UTF-8']},
    'rootfs': {'type': 'layers', 'diff_ids': ['sha256:' + h.hexdigest()]}}).encode()
name = hashlib.sha256(cfg).hexdigest() + '.json'
manifest = json.dumps([{'Config': name, 'RepoTags': ['local/temurin:25-jdk'], 'Layers': ['layer.tar']}]).encode()
with tarfile.open('base.tar.part', 'w') as out:
    for n, data in ((name, cfg), ('manifest.json', manifest)):
        info = tarfile.TarInfo(n); info.size = len(data); out.addfile(info, io.BytesIO(data))
    out.add('layer.tar')
os.remove('layer.tar')
os.rename('base.tar.part', 'base.tar')
PY
    )
    rm -rf "$work/rootfs"
  fi
  base_arg=(-Drunner.image.base="tar://$work/base.tar")
fi

cd "$root"
./mvnw -q -pl runner-image/runner -am -Pimage package -DskipTests "${base_arg[@]}"
image=$root/runner-image/runner/target/barrage-runner-image.tar

# unpack: index -> manifest -> config and layers, applied in order
fs=$work/fs
rm -rf "$work/oci" "$fs" && mkdir -p "$work/oci" "$fs"
tar -xf "$image" -C "$work/oci"
eval "$(cd "$work/oci" && python3 - <<'PY'
import json, shlex
blob = lambda d: 'blobs/' + d.replace(':', '/')
index = json.load(open('index.json'))
manifest = json.load(open(blob(index['manifests'][0]['digest'])))
config = json.load(open(blob(manifest['config']['digest'])))['config']
print('layers=(' + ' '.join(shlex.quote(blob(l['digest'])) for l in manifest['layers']) + ')')
print('user=' + shlex.quote(config.get('User', '')))
print('workdir=' + shlex.quote(config.get('WorkingDir', '/')))
print('entrypoint=(' + ' '.join(shlex.quote(a) for a in config['Entrypoint']) + ')')
print('env=(' + ' '.join(shlex.quote(e) for e in config.get('Env', [])) + ')')
PY
)"
for layer in "${layers[@]}"; do
  tar -xzf "$work/oci/$layer" -C "$fs"
done

[[ $user =~ ^[1-9][0-9]*:[1-9][0-9]*$ ]] || { echo "image user must be numeric and not root, got '$user'"; exit 1; }

cat >"$fs/tmp/ImageCheck.java" <<'JAVA'
import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;

public class ImageCheck extends HttpUser {
    @Override protected WaitTime waitTime() { return constant(Duration.ofMillis(50)); }
    @Task void item() { client.get("/items/1").name("/items/[id]").send(); }
}
JAVA

port=18197
"$jdk/bin/java" -jar runner-image/runner/target/barrage-runner.jar demo-target --port $port >"$work/demo-target.log" 2>&1 &
target_pid=$!
mounted=()
cleanup() {
  kill "$target_pid" 2>/dev/null || true
  for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || true; done
}
trap cleanup EXIT
for m in proc dev; do
  mkdir -p "$fs/$m" && mount --bind "/$m" "$fs/$m" && mounted+=("$fs/$m")
done
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done

set +e
chroot "$fs" /usr/bin/env -i "${env[@]}" /usr/bin/setpriv --reuid "${user%%:*}" --regid "${user##*:}" --clear-groups \
  /bin/sh -c "cd $workdir && id -u && exec \"\$@\"" image "${entrypoint[@]}" \
  run -f /tmp/ImageCheck.java -u 3 -r 3 -t 3s -H "http://127.0.0.1:$port" --headless >"$work/run.log" 2>&1
code=$?
set -e
cat "$work/run.log"
[[ $code -eq 0 ]] || { echo "the image's runner exited with $code"; exit 1; }
[[ $(head -1 "$work/run.log") == "${user%%:*}" ]] || { echo "did not run as ${user%%:*}"; exit 1; }
grep -q "/items/\[id\]" "$work/run.log" || { echo "no statistics for /items/[id]"; exit 1; }
echo "runner image OK: user $user, entrypoint ${entrypoint[*]}"
