# Sourced by .ci/run and ./run-local: exports JAVA_HOME (and PATH) for a JDK 21 or newer,
# taking JAVA_HOME or the default java when they are new enough, else the newest JDK in /usr/lib/jvm.

java_major() { # the major version of the java binary given, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1
}

pick_jdk() {
  local candidate major best="" best_major=0
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate best_major=$major
    fi
  done
  echo "$best"
}

use_jdk_21_or_newer() {
  local jdk
  jdk=$(pick_jdk)
  if [ -z "$jdk" ]; then
    echo "no JDK 21 or newer found: install one and set JAVA_HOME to it" >&2
    return 1
  fi
  export JAVA_HOME=$jdk
  export PATH="$JAVA_HOME/bin:$PATH"
}
