#!/usr/bin/env bash
# Prints the home of a JDK >= 25: JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
# Sourced by ./physmem and ./test.sh; fails with a clear message when there is none.
jdk_feature() {
  # The feature version a JDK home's `release` file names (25 for "25.0.3"), or 0.
  local rel="$1/release" v
  [ -r "$rel" ] || { echo 0; return; }
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel" | head -n1)
  echo "${v:-0}"
}
find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ "$(jdk_feature "$JAVA_HOME")" -ge 25 ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME"; return 0
  fi
  local best="" bestv=0 d v
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/java" ] || continue
    v=$(jdk_feature "$d")
    if [ "$v" -ge 25 ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
  done
  if [ -z "$best" ]; then
    echo "physmem needs a JDK 25 or newer: set JAVA_HOME to one, or install one under /usr/lib/jvm" >&2
    return 1
  fi
  echo "$best"
}
