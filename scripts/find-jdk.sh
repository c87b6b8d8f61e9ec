#!/usr/bin/env bash
# Prints the path (a JAVA_HOME) of a JDK 21 or newer, for building this project.
#
#   1. $JAVA_HOME, when its `java -version` is 21 or newer and it has bin/javac;
#   2. else the newest JDK (highest feature version, >= 21, with bin/javac) under the search
#      directories: $JDK_SEARCH_DIRS (colon-separated) or /usr/lib/jvm and, on macOS,
#      /Library/Java/JavaVirtualMachines/*/Contents/Home;
#   3. else prints "need JDK 21 or newer; install one or set JAVA_HOME" to stderr and exits 1.
#
# Usage: JAVA_HOME="$(scripts/find-jdk.sh)" mvn -B verify
set -euo pipefail

readonly MIN_FEATURE=21

# Feature version (8, 17, 21, 25 ...) of the JDK at $1, or nothing when it cannot be told.
feature_version() {
  local home=$1 line version
  [[ -x "$home/bin/java" ]] || return 0
  line=$("$home/bin/java" -version 2>&1 | grep -m1 -E 'version "[^"]+"' || true)
  version=${line#*version \"}
  version=${version%%\"*}
  [[ -n "$version" && "$line" != "$version" ]] || return 0
  if [[ $version == 1.* ]]; then # 1.8.0_402 -> 8
    version=${version#1.}
  fi
  version=${version%%[!0-9]*} # 21.0.5 -> 21, 25-ea -> 25
  [[ -n "$version" ]] && echo "$version"
  return 0
}

is_jdk() { [[ -x "$1/bin/java" && -x "$1/bin/javac" ]]; }

if [[ -n "${JAVA_HOME:-}" ]]; then
  v=$(feature_version "$JAVA_HOME")
  if [[ -n "$v" ]] && ((v >= MIN_FEATURE)) && is_jdk "$JAVA_HOME"; then
    echo "$JAVA_HOME"
    exit 0
  fi
  if [[ -z "$v" ]]; then
    why="not a usable JDK (no working bin/java)"
  elif ((v < MIN_FEATURE)); then
    why="Java $v"
  else
    why="Java $v without bin/javac (a JRE)"
  fi
  echo "find-jdk: JAVA_HOME=$JAVA_HOME is $why; looking for a JDK $MIN_FEATURE+ elsewhere" >&2
fi

search_dirs=()
if [[ -n "${JDK_SEARCH_DIRS:-}" ]]; then
  IFS=: read -r -a search_dirs <<<"$JDK_SEARCH_DIRS"
else
  search_dirs=(/usr/lib/jvm)
fi

candidates=()
for dir in "${search_dirs[@]}"; do
  [[ -d "$dir" ]] || continue
  for home in "$dir"/*; do
    [[ -d "$home" ]] && candidates+=("$home")
  done
done
if [[ -z "${JDK_SEARCH_DIRS:-}" ]]; then
  for home in /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -d "$home" ]] && candidates+=("$home")
  done
fi

best="" best_v=0
for home in "${candidates[@]}"; do
  is_jdk "$home" || continue
  v=$(feature_version "$home")
  [[ -n "$v" ]] || continue
  # Strictly greater: among equal versions keep the first (sorted) path; symlinked aliases
  # such as java-1.17.0-openjdk-amd64 -> java-17-openjdk-amd64 do not matter.
  if ((v >= MIN_FEATURE && v > best_v)); then
    best=$home best_v=$v
  fi
done

if [[ -n "$best" ]]; then
  echo "$best"
  exit 0
fi

echo "need JDK $MIN_FEATURE or newer; install one or set JAVA_HOME" >&2
exit 1
