# Sourced by ./gradus and ./test: sets GRADUS_JAVA_HOME (and exports JAVA_HOME) to a JDK 21 or newer and
# GRADUS_JAVA_MAJOR to its major version, or prints what to install and exits 2.
# Order: JAVA_HOME, then java on the PATH, then /usr/lib/jvm/* (newest first).

gradus_java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

gradus_is_jdk21() { # $1 = a JAVA_HOME candidate; true when it holds java and javac of version >= 21
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local v; v=$(gradus_java_major "$1/bin/java")
  [ -n "$v" ] && [ "$v" -ge 21 ]
}

gradus_find_jdk() {
  local cand
  if [ -n "${JAVA_HOME:-}" ] && gradus_is_jdk21 "$JAVA_HOME"; then GRADUS_JAVA_HOME=$JAVA_HOME; return 0; fi
  if command -v java >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if gradus_is_jdk21 "$cand"; then GRADUS_JAVA_HOME=$cand; return 0; fi
  fi
  for cand in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    cand=${cand%/}
    if gradus_is_jdk21 "$cand"; then GRADUS_JAVA_HOME=$cand; return 0; fi
  done
  echo "gradus: no JDK 21 or newer found (looked at JAVA_HOME, java on the PATH and /usr/lib/jvm/*)." >&2
  echo "gradus: install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, or set JAVA_HOME to it." >&2
  exit 2
}
gradus_find_jdk
export JAVA_HOME=$GRADUS_JAVA_HOME
GRADUS_JAVA_MAJOR=$(gradus_java_major "$JAVA_HOME/bin/java")
