# Sourced by ./mvnw, ./sluice and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Sluice targets Java 21; machines whose default `java` is older (e.g. Debian's 17)
# usually have a newer JDK installed beside it under /usr/lib/jvm.

sluice_java_feature() {
  # Prints the feature release (17, 21, 25, ...) of the java binary in $1, or 0. A JDK's `release`
  # file says it without starting a JVM, which cost 60-110 ms per JDK looked at (every ./sluice
  # call looks at one to five); a JVM is asked only when there is no such file.
  home=$(dirname "$(dirname "$(readlink -f "$(command -v "$1")")")")
  feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null | head -n 1)
  if [ -n "$feature" ]; then
    echo "$feature"
    return 0
  fi
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1 | grep . || echo 0
}

sluice_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] \
    && [ "$(sluice_java_feature "$JAVA_HOME/bin/java")" -ge 21 ]; then
    return 0
  fi
  if [ -z "${JAVA_HOME:-}" ] && command -v java >/dev/null 2>&1 \
    && [ "$(sluice_java_feature java)" -ge 21 ]; then
    return 0
  fi
  best="" best_feature=0
  for home in /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/*; do
    [ -x "$home/bin/javac" ] || continue
    feature="$(sluice_java_feature "$home/bin/java")"
    if [ "$feature" -ge 21 ] && [ "$feature" -gt "$best_feature" ]; then
      best="$home" best_feature="$feature"
    fi
  done
  if [ -z "$best" ]; then
    echo "sluice: needs a JDK 21 or newer; none found (set JAVA_HOME or install openjdk-21-jdk)" >&2
    return 1
  fi
  JAVA_HOME="$best"
  export JAVA_HOME
}

sluice_select_jdk || exit 1
