#!/usr/bin/env bash
# Builds a small JRE base image for Jib without any container registry: a jlink runtime of JDK 25
# with only the modules hello-async needs, on a root filesystem made of two Debian packages (libc6,
# and libgcc-s1, which glibc loads to unwind a cancelled thread): no shell, no package manager. The
# JVM, its libraries and Netty's epoll library link nothing else (ldd; the JDK bundles its zlib).
# Imports it into podman and saves it as a docker-archive tar, which the `offline-base` Maven
# profile hands to Jib as tar://...
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
packages=(libc6 libgcc-s1)
uid=185

if [[ "${1:-}" != "--force" ]] && podman image exists "$image"; then
    echo "build-jre-base: $image exists (use --force to rebuild)"
else
    [[ -x "$jdk/bin/jlink" ]] || { echo "build-jre-base: no jlink in $jdk (set JLINK_JDK to a JDK 25)" >&2; exit 1; }
    command -v strip >/dev/null || { apt-get update -qq && apt-get install -y -qq binutils >/dev/null; }
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    root="$work/rootfs"
    mkdir -p "$root" "$work/debs"

    # What the image's JVM reads comes from the AOT cache, not from here: of the ~5,990 classes loaded
    # up to readiness, all but ~60 come from the cache (-Xlog:class+load), 4 of those from lib/modules.
    # So the modules are compressed (--compress zip-6: 28 -> 13 MB), the JDK's CDS archives are left
    # out (--generate-cds-archive would add 15.6 MB that a JVM started with -XX:AOTCache never maps;
    # a plain `java` in this image starts without CDS), and libjvm.so loses its symbol table (strip
    # --strip-unneeded: 29.8 -> 24.8 MB; an hs_err file then names native frames by offset, which
    # the JDK build's own symbols resolve). docs/container.md#base-image has the pod checks that
    # compared this base with the previous one.
    "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
        --compress zip-9 --output "$root/opt/java"
    strip --strip-unneeded "$root"/opt/java/lib/server/libjvm.so "$root"/opt/java/lib/*.so
    # jrt-fs.jar serves the jrt: file system to tools on another JDK, lib/classlist feeds -Xshare:dump:
    # neither is read by a JVM that runs an application. libsimdsort.so (0.26 MB) holds AVX2/AVX-512
    # versions of Arrays.sort for large primitive arrays; without it the JVM sorts in Java, silently,
    # and this service sorts nothing large. keytool and jexec: no shell here to run them from.
    rm -f "$root"/opt/java/lib/jrt-fs.jar "$root"/opt/java/lib/classlist "$root"/opt/java/lib/libsimdsort.so \
        "$root"/opt/java/bin/keytool "$root"/opt/java/lib/jexec

    (cd "$work/debs" && { apt-get download "${packages[@]}" 2>/dev/null \
        || { apt-get update -qq && apt-get download "${packages[@]}"; }; })
    for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
    rm -rf "$root"/usr/share/{doc,man,info,lintian,locale} "$root"/usr/lib/x86_64-linux-gnu/gconv
    # Of libc6's libraries only those something here links (readelf -d: NEEDED of libjvm and the JDK's
    # and Netty's .so files) or loads (libgcc_s for thread cancellation, the files and dns NSS
    # modules that /etc/nsswitch.conf names) stay. libmvec (1 MB), the debugging and legacy NSS
    # libraries go: 1.3 MB. The image's own run at the end of this script, container-check and the
    # integration tests against the image show that nothing asks for them.
    keep='^(ld-linux-x86-64\.so\.2|libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|libresolv\.so\.2|libgcc_s\.so\.1|libnss_(files|dns)\.so\.2)$'
    for lib in "$root"/lib/x86_64-linux-gnu/*.so*; do
        [[ "$(basename "$lib")" =~ $keep ]] || rm -f "$lib"
    done

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
