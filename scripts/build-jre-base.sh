#!/usr/bin/env bash
# Builds a small JRE base image for Jib without any container registry: a jlink runtime of JDK 25
# with only the modules hello-async needs, on a root filesystem made of four Debian packages (libc6,
# libgcc-s1, libstdc++6, zlib1g): no shell, no package manager. Imports it into podman and saves it
# as a docker-archive tar, which the `offline-base` Maven profile hands to Jib as tar://...
#
#   scripts/build-jre-base.sh [--force]
#
# Env: JRE_BASE_IMAGE (default localhost/hello-async-jre:25), JRE_BASE_TAR (default
# ~/.cache/hello-async/hello-async-jre-25.tar, where the offline-base profile looks), JLINK_JDK
# (default /usr/lib/jvm/temurin-25-jdk-amd64). JDK 25 because the image runs with a Leyden AOT cache
# (JEP 483/514/515), which the JDK that trains it must match exactly: build the image with the same
# JDK (JAVA_HOME) as JLINK_JDK. Temurin 25's jlink needs no jmods (a linkable run-time image, JEP 493).
# Needs root (apt-get download) and podman. Skips the build when the image exists.
set -euo pipefail

cd "$(dirname "$0")/.."
image=${JRE_BASE_IMAGE:-localhost/hello-async-jre:25}
tar_out=${JRE_BASE_TAR:-$HOME/.cache/hello-async/hello-async-jre-25.tar}
jdk=${JLINK_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
# jdeps over the packaged app gives java.base, java.logging, java.management, java.naming and
# jdk.unsupported; jdk.zipfs opens the jars, jdk.management gives the OS metrics. No desktop.
modules=java.base,java.logging,java.management,java.naming,jdk.unsupported,jdk.management,jdk.zipfs
packages=(libc6 libgcc-s1 libstdc++6 zlib1g)
uid=185

if [[ "${1:-}" != "--force" ]] && podman image exists "$image"; then
    echo "build-jre-base: $image exists (use --force to rebuild)"
else
    [[ -x "$jdk/bin/jlink" ]] || { echo "build-jre-base: no jlink in $jdk (set JLINK_JDK to a JDK 25)" >&2; exit 1; }
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    root="$work/rootfs"
    mkdir -p "$root" "$work/debs"

    # Uncompressed modules (no --compress): classes the AOT cache misses load faster, at ~15 MB of
    # image. --generate-cds-archive: the JDK's own classes load from a CDS archive when no AOT cache
    # is given (java -jar without the image's flags). Without it the first burst of the pod check
    # came out slower (first/third p99 1.07-1.32 in four runs, against 1.03-1.05; docs/container.md),
    # though the AOT cache serves the same classes: kept until that is understood. Its variant for
    # uncompressed oops (classes_nocoops.jsa, 14.6 MB) goes: the JVM maps it only for heaps over
    # 32 GB, and the pod's is 288 MiB.
    "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
        --generate-cds-archive --output "$root/opt/java"
    rm -f "$root/opt/java/lib/server/classes_nocoops.jsa"

    (cd "$work/debs" && { apt-get download "${packages[@]}" 2>/dev/null \
        || { apt-get update -qq && apt-get download "${packages[@]}"; }; })
    for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
    rm -rf "$root"/usr/share/{doc,man,info,lintian,locale} "$root"/usr/lib/x86_64-linux-gnu/gconv

    mkdir -p "$root"/etc "$root"/work "$root"/tmp
    chmod 1777 "$root"/tmp
    printf 'root:x:0:0:root:/root:/sbin/nologin\nhello:x:%s:%s:hello-async:/work:/sbin/nologin\n' "$uid" "$uid" >"$root/etc/passwd"
    printf 'root:x:0:\nhello:x:%s:\n' "$uid" >"$root/etc/group"
    printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"

    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$work/rootfs.tar" .
    podman import \
        --change "ENV PATH=/opt/java/bin:/usr/bin:/bin" \
        --change "ENV JAVA_HOME=/opt/java" \
        --change "ENV LANG=C.UTF-8" \
        --change "USER $uid" \
        --change "WORKDIR /work" \
        --change "LABEL org.opencontainers.image.title=hello-async-jre org.opencontainers.image.description=jlink-JRE-25-on-Debian-libc" \
        "$work/rootfs.tar" "$image"
    # The runtime must start on this rootfs alone, as the non-root user.
    podman run --rm --read-only "$image" java -version || { podman rmi -f "$image"; exit 1; }
    rm -f "$tar_out"
fi

if [[ ! -s "$tar_out" ]]; then
    mkdir -p "$(dirname "$tar_out")"
    podman save --format docker-archive -o "$tar_out" "$image"
fi
podman image ls "$image"
echo "build-jre-base: $image saved to $tar_out"
