# Sourced by ./gradus. gradus_run_java ARGS... runs "$JAVA_HOME/bin/java" ARGS... and returns its exit status,
# with one known line taken out of its standard error: the note that the JVM prints at start-up whenever the
# incubating Vector API module is resolved,
#     WARNING: Using incubator modules: jdk.incubator.vector
# Gradus's own matrix kernels need that module (--add-modules jdk.incubator.vector), and no JVM flag turns the
# note off. The filter drops it only as the very first line, where the JVM prints it before any program code
# runs; everything else goes through byte for byte as it arrives (progress bars that end in \r stay live).
# Java runs as a child so that the filter can be waited for before the launcher exits (nothing written last
# is lost, and the caller's prompt never comes before the final error line); INT, TERM and HUP sent to the
# launcher are passed on to Java, and its standard input is the launcher's.

GRADUS_INCUBATOR_NOTE='WARNING: Using incubator modules: jdk.incubator.vector'

# Copies stdin to stdout, less a first line equal to the note. Ignores INT, TERM and HUP so that it drains
# whatever Java still writes while it stops; it ends when Java closes its standard error.
gradus_quiet_stderr() {
  trap '' INT TERM HUP
  local LC_ALL=C expected="$GRADUS_INCUBATOR_NOTE"$'\n' got='' c
  while [ "${#got}" -lt "${#expected}" ]; do
    if ! IFS= read -r -d '' -N 1 c; then
      printf '%s' "$got"   # end of input inside the first line
      return 0
    fi
    if [ -z "$c" ]; then   # a NUL byte, which a shell variable cannot hold
      printf '%s\0' "$got"
      exec cat
    fi
    got+=$c
    if [ "$got" != "${expected:0:${#got}}" ]; then
      printf '%s' "$got"
      exec cat
    fi
  done
  exec cat
}

gradus_run_java() {
  local java_pid filter_pid rc
  exec 3> >(gradus_quiet_stderr >&2)
  filter_pid=$!
  # A background job of a non-interactive shell starts with INT and QUIT ignored (and the JVM would then
  # never install its own handlers); 'trap -' restores them, and '<&0' keeps the caller's standard input.
  ( trap - INT QUIT; exec "$JAVA_HOME/bin/java" "$@" 2>&3 3>&- ) <&0 &
  java_pid=$!
  exec 3>&-
  trap 'kill -INT "$java_pid" 2>/dev/null || true' INT
  trap 'kill -TERM "$java_pid" 2>/dev/null || true' TERM
  trap 'kill -HUP "$java_pid" 2>/dev/null || true' HUP
  while :; do
    rc=0
    wait "$java_pid" || rc=$?
    # wait also returns when a trapped signal arrives; Java is gone only once it can no longer be signalled.
    kill -0 "$java_pid" 2>/dev/null || break
  done
  trap - INT TERM HUP
  wait "$filter_pid" 2>/dev/null || true
  return "$rc"
}
