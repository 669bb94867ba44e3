# Sourced by the scripts here. wait_for <what> <seconds> <command...>: runs the command every
# 0.1 s until it succeeds; after <seconds>, logs an error (through the caller's `log`) and fails.
wait_for() {
  local what="$1" seconds="$2"
  shift 2
  for _ in $(seq 1 $((seconds * 10))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  log "ERROR: $what did not come up in ${seconds}s${WAIT_FOR_HINT:-}"
  return 1
}
