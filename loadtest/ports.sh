# Sourced by the load-test scripts.
# A port below the kernel's ephemeral range (32768+), so no outbound connection can take it before the server
# binds, that nothing listens on yet and that this script has not handed out already. Sets the variable named $1
# (not echoed: a $(...) subshell would lose the list of ports already handed out).
TAKEN=" "
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    case "$TAKEN" in *" $port "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then TAKEN+="$port "; printf -v "$1" '%s' "$port"; return; fi
  done
}
