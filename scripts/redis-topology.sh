#!/usr/bin/env bash
# Local Redis Cluster and Redis Sentinel topologies on loopback, for the tests (.ci/run) and for
# trying the app against them. Needs redis-server and redis-cli (7.0 or newer) on PATH.
#
#   scripts/redis-topology.sh start|stop|status cluster|sentinel|all
#
# cluster:  six nodes on 127.0.0.1, ports C..C+5 (C = $REDIS_TOPOLOGY_CLUSTER_PORT, 7101),
#           three masters with one replica each.
# sentinel: a master on S and its replica on S+1 (S = $REDIS_TOPOLOGY_SENTINEL_PORT, 7111), three
#           sentinels on S+10..S+12 watching it as "guiyan" (quorum 2).
#
# Each node lives in its own directory, ${REDIS_TOPOLOGY_DIR:-/tmp/guiyan-redis-topology}/<kind>/<port>,
# with its redis.conf (sentinel.conf for a sentinel), redis.pid and redis.log; nodes.conf holds a
# cluster node's identity, so `redis-server <dir>/redis.conf` brings a killed node back as itself
# (tests/helpers/redis-topology.ts does that). No persistence: data lives in memory and replicas.
#
# start is idempotent: a healthy topology is left alone; anything else of ours on those ports or in
# those directories is stopped and removed first. On success start prints, on stdout and nothing
# else there, the lines the app and tests read, e.g.
#   REDIS_CLUSTER_NODES=127.0.0.1:7101,...,127.0.0.1:7106
#   REDIS_SENTINELS=127.0.0.1:7121,127.0.0.1:7122,127.0.0.1:7123
#   REDIS_SENTINEL_NAME=guiyan
# Progress goes to stderr. status prints the health of each node and exits 1 when not healthy.
# REDIS_TOPOLOGY_WAIT (seconds, 30) bounds each wait for a topology to become healthy.
set -euo pipefail

HOST=127.0.0.1
MASTER_NAME=guiyan
ROOT=$(realpath -m -- "${REDIS_TOPOLOGY_DIR:-/tmp/guiyan-redis-topology}")
CLUSTER_PORT=${REDIS_TOPOLOGY_CLUSTER_PORT:-7101}
SENTINEL_PORT=${REDIS_TOPOLOGY_SENTINEL_PORT:-7111}
WAIT_SECONDS=${REDIS_TOPOLOGY_WAIT:-30}

usage() {
  echo "usage: $0 start|stop|status cluster|sentinel|all" >&2
  exit 2
}
log() { echo "redis-topology: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

for v in CLUSTER_PORT SENTINEL_PORT WAIT_SECONDS; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a number, got '${!v}'"
done
# A cluster node also listens on its port + 10000 (the cluster bus).
((CLUSTER_PORT >= 1024 && CLUSTER_PORT + 5 + 10000 <= 65535)) || die "REDIS_TOPOLOGY_CLUSTER_PORT out of range: $CLUSTER_PORT"
((SENTINEL_PORT >= 1024 && SENTINEL_PORT + 12 <= 65535)) || die "REDIS_TOPOLOGY_SENTINEL_PORT out of range: $SENTINEL_PORT"
[[ $ROOT != / ]] || die "REDIS_TOPOLOGY_DIR must not be /"

mapfile -t CLUSTER_PORTS < <(seq "$CLUSTER_PORT" $((CLUSTER_PORT + 5)))
DATA_PORTS=("$SENTINEL_PORT" $((SENTINEL_PORT + 1))) # the master, then its replica
mapfile -t SENTINEL_PORTS < <(seq $((SENTINEL_PORT + 10)) $((SENTINEL_PORT + 12)))

# --- talking to one node -------------------------------------------------------------------------

# redis-cli against 127.0.0.1:PORT, output without the \r of raw replies; fails when the node does
# not answer (within 3 s: a node stopped with SIGSTOP or stuck must not hang the script).
cli() {
  local port=$1
  shift
  timeout 3 redis-cli -h "$HOST" -p "$port" "$@" 2>/dev/null | tr -d '\r'
}
answers() { [[ $(cli "$1" ping 2>/dev/null) == PONG ]]; }
# FIELD's value in "field:value" lines on stdin (INFO, CLUSTER INFO).
field() { sed -n "s/^$1://p" | head -1; }
# KEY's value in the key/value line pairs on stdin (SENTINEL MASTER).
pair() { awk -v k="$1" 'NR % 2 == 1 && $0 == k { getline; print; exit }'; }
# Something listens on the port (a Redis or not).
listening() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
# The node on PORT was started from a config file under $ROOT: it is ours to stop.
ours() {
  local conf
  conf=$(cli "$1" info server 2>/dev/null | field config_file) || return 1
  [[ $conf == "$ROOT"/* ]]
}
# A live (not zombie) process with that pid.
pid_running() {
  local state
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $state && $state != Z ]]
}
node_pid() { # PORT DIR: from the pid file, else from the node itself when it is ours
  local pid=
  [[ -r $2/redis.pid ]] && pid=$(<"$2/redis.pid")
  if ! pid_running "$pid" && ours "$1"; then pid=$(cli "$1" info server | field process_id); fi
  pid_running "$pid" && echo "$pid"
  return 0
}

# Starts the node whose config is in DIR (daemonized) and waits until it answers.
start_node() { # PORT DIR
  local port=$1 dir=$2 args
  if [[ -f $dir/sentinel.conf ]]; then args=("$dir/sentinel.conf" --sentinel); else args=("$dir/redis.conf"); fi
  # 9>&-: the daemon must not inherit (and hold) the lock of this script.
  redis-server "${args[@]}" >/dev/null 9>&- || die "redis-server ${args[*]} failed"
  for _ in $(seq 1 100); do
    answers "$port" && return 0
    sleep 0.1
  done
  tail -n 20 "$dir/redis.log" >&2 2>/dev/null || true
  die "the node on port $port did not start (log: $dir/redis.log)"
}

# Stops the node on PORT whose directory is DIR: SHUTDOWN NOSAVE, then SIGKILL by pid if it is
# still there after 3 s. A Redis on that port that is not ours is left alone.
stop_node() { # PORT DIR
  local port=$1 dir=$2 pid
  pid=$(node_pid "$port" "$dir")
  if answers "$port" && ours "$port"; then
    cli "$port" shutdown nosave >/dev/null 2>&1 || true
  elif [[ -n $pid ]] && ! grep -qa redis "/proc/$pid/cmdline" 2>/dev/null; then
    pid= # a stale pid file naming some other process
  fi
  [[ -n $pid ]] || return 0
  for _ in $(seq 1 30); do
    pid_running "$pid" || return 0
    sleep 0.1
  done
  log "node $port (pid $pid) did not shut down, killing it"
  kill -9 "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do
    pid_running "$pid" || return 0
    sleep 0.1
  done
  die "could not stop node $port (pid $pid)"
}

# Stops every node of KIND (the configured ports and any directory left under $ROOT/KIND from an
# earlier run with other ports) and removes $ROOT/KIND.
stop_kind() { # KIND PORT...
  local kind=$1 port
  shift
  local -A ports=()
  for port in "$@"; do ports[$port]=1; done
  if [[ -d $ROOT/$kind ]]; then
    for port in "$ROOT/$kind"/*/; do
      port=$(basename "$port")
      [[ $port =~ ^[0-9]+$ ]] && ports[$port]=1
    done
  fi
  for port in "${!ports[@]}"; do stop_node "$port" "$ROOT/$kind/$port"; done
  rm -rf -- "${ROOT:?}/$kind"
  rmdir -- "$ROOT" 2>/dev/null || true
}

# Fails when one of the ports is taken (by anything: a node of ours was stopped before this).
ports_free() {
  local port
  for port in "$@"; do
    listening "$port" || continue
    if answers "$port"; then
      die "port $port is taken by a Redis that is not this topology's (config file: $(cli "$port" info server | field config_file | grep . || echo none)); stop it or choose other ports (REDIS_TOPOLOGY_CLUSTER_PORT, REDIS_TOPOLOGY_SENTINEL_PORT)"
    fi
    die "port $port is taken by another program; choose other ports (REDIS_TOPOLOGY_CLUSTER_PORT, REDIS_TOPOLOGY_SENTINEL_PORT)"
  done
}

# The settings every node shares: its own directory, daemonized, no persistence.
write_common_conf() { # PORT DIR HOW-TO-RESTART
  cat <<EOF
# Written by scripts/redis-topology.sh. Start this node again with: redis-server $2/$3
port $1
bind $HOST
daemonize yes
pidfile $2/redis.pid
logfile $2/redis.log
dir $2
EOF
}
write_data_conf() { # PORT DIR: a Redis that holds data (cluster node, sentinel's master/replica)
  write_common_conf "$1" "$2" redis.conf
  cat <<EOF
save ""
appendonly no
# A replica syncs at once instead of waiting 5 s for others to share the transfer.
repl-diskless-sync-delay 0
EOF
}

# Waits up to WAIT_SECONDS until CHECK succeeds; CHECK sets WHY to what is still wrong.
WHY=
wait_healthy() { # WHAT CHECK
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$2" >/dev/null; do
    if ((SECONDS >= deadline)); then
      die "$1 not healthy after $WAIT_SECONDS s: $WHY (logs: $ROOT/$1/*/redis.log)"
    fi
    sleep 0.2
  done
}

# --- cluster -------------------------------------------------------------------------------------

cluster_env() {
  local IFS=, nodes=() port
  for port in "${CLUSTER_PORTS[@]}"; do nodes+=("$HOST:$port"); done
  echo "REDIS_CLUSTER_NODES=${nodes[*]}"
}

# Healthy: every node answers with cluster_state:ok and all 16384 slots ok, and every master
# (a node that serves slots) has a replica whose link is up. Prints a line per node.
cluster_check() {
  WHY=
  local port info repl role state slots masters=0 replicas=0 online
  for port in "${CLUSTER_PORTS[@]}"; do
    if ! info=$(cli "$port" cluster info) || [[ -z $info ]]; then
      echo "cluster $HOST:$port down"
      WHY=${WHY:-"node $port does not answer"}
      continue
    fi
    state=$(field cluster_state <<<"$info")
    slots=$(field cluster_slots_ok <<<"$info")
    repl=$(cli "$port" info replication) || repl=
    role=$(field role <<<"$repl")
    if [[ $state != ok || $slots != 16384 ]]; then
      WHY=${WHY:-"node $port: cluster_state $state, $slots of 16384 slots ok"}
    fi
    if [[ $role == master ]]; then
      # A master without slots (an empty node, or one whose slots moved) serves nothing.
      if [[ $(cli "$port" cluster nodes | awk '$3 ~ /myself/ { print NF - 8 }') -le 0 ]]; then
        echo "cluster $HOST:$port master without slots, cluster_state:$state"
        continue
      fi
      masters=$((masters + 1))
      online=$(grep -c '^slave[0-9]*:.*state=online' <<<"$repl" || true)
      echo "cluster $HOST:$port master, $online replica(s) online, cluster_state:$state"
      ((online >= 1)) || WHY=${WHY:-"master $port has no replica online"}
    else
      replicas=$((replicas + 1))
      echo "cluster $HOST:$port replica of $(field master_port <<<"$repl"), link $(field master_link_status <<<"$repl"), cluster_state:$state"
    fi
  done
  ((masters >= 3)) || WHY=${WHY:-"$masters masters serve slots (3 expected)"}
  [[ -z $WHY ]]
}

cluster_start() {
  if cluster_check >/dev/null; then
    log "cluster already up and healthy on ports ${CLUSTER_PORTS[0]}..${CLUSTER_PORTS[5]}"
    return 0
  fi
  stop_kind cluster "${CLUSTER_PORTS[@]}"
  local port dir bus=()
  for port in "${CLUSTER_PORTS[@]}"; do bus+=($((port + 10000))); done
  ports_free "${CLUSTER_PORTS[@]}" "${bus[@]}"
  log "starting cluster nodes ${CLUSTER_PORTS[*]} in $ROOT/cluster"
  for port in "${CLUSTER_PORTS[@]}"; do
    dir=$ROOT/cluster/$port
    mkdir -p "$dir"
    {
      write_data_conf "$port" "$dir"
      cat <<EOF
cluster-enabled yes
cluster-config-file $dir/nodes.conf
# Fast failover for the tests: a master is failed after 1.5 s without answers.
cluster-node-timeout 1500
# Any replica may take over, however long it was cut off (a test restarts nodes at will).
cluster-replica-validity-factor 0
EOF
    } >"$dir/redis.conf"
    start_node "$port" "$dir"
  done
  local addrs=()
  for port in "${CLUSTER_PORTS[@]}"; do addrs+=("$HOST:$port"); done
  if ! timeout 60 redis-cli --cluster create "${addrs[@]}" --cluster-replicas 1 --cluster-yes >"$ROOT/cluster/create.log" 2>&1; then
    cat "$ROOT/cluster/create.log" >&2
    die "redis-cli --cluster create failed"
  fi
  wait_healthy cluster cluster_check
  log "cluster up"
}

# --- sentinel ------------------------------------------------------------------------------------

sentinel_env() {
  local IFS=, nodes=() port
  for port in "${SENTINEL_PORTS[@]}"; do nodes+=("$HOST:$port"); done
  echo "REDIS_SENTINELS=${nodes[*]}"
  echo "REDIS_SENTINEL_NAME=$MASTER_NAME"
}

# Healthy: every sentinel answers, they all name the same master, each sees the two other
# sentinels and at least one replica and holds the master up; the master answers as a master
# with a replica online, and both data nodes answer. Prints a line per node.
sentinel_check() {
  WHY=
  local port master='' addr m flags others slaves repl role
  for port in "${SENTINEL_PORTS[@]}"; do
    if ! addr=$(cli "$port" sentinel get-master-addr-by-name "$MASTER_NAME" | paste -sd:) || [[ -z $addr ]]; then
      echo "sentinel $HOST:$port down or not watching $MASTER_NAME"
      WHY=${WHY:-"sentinel $port does not answer"}
      continue
    fi
    m=$(cli "$port" sentinel master "$MASTER_NAME") || m=
    flags=$(pair flags <<<"$m")
    others=$(pair num-other-sentinels <<<"$m")
    slaves=$(pair num-slaves <<<"$m")
    echo "sentinel $HOST:$port master $addr ($flags), $slaves replica(s), $others other sentinel(s)"
    [[ -z $master || $master == "$addr" ]] || WHY=${WHY:-"sentinels disagree on the master ($master, $addr)"}
    master=$addr
    [[ $flags == master ]] || WHY=${WHY:-"sentinel $port sees the master as $flags"}
    [[ $others == 2 ]] || WHY=${WHY:-"sentinel $port sees ${others:-?} other sentinels (2 expected)"}
    [[ ${slaves:-0} -ge 1 ]] || WHY=${WHY:-"sentinel $port sees no replica"}
  done
  for port in "${DATA_PORTS[@]}"; do
    if ! repl=$(cli "$port" info replication) || [[ -z $repl ]]; then
      echo "sentinel-data $HOST:$port down"
      WHY=${WHY:-"node $port does not answer"}
      continue
    fi
    role=$(field role <<<"$repl")
    if [[ $role == master ]]; then
      echo "sentinel-data $HOST:$port master, $(grep -c '^slave[0-9]*:.*state=online' <<<"$repl" || true) replica(s) online"
      if [[ $master == "$HOST:$port" ]] && ! grep -q '^slave[0-9]*:.*state=online' <<<"$repl"; then
        WHY=${WHY:-"master $port has no replica online"}
      fi
    else
      echo "sentinel-data $HOST:$port replica of $(field master_port <<<"$repl"), link $(field master_link_status <<<"$repl")"
    fi
    if [[ $master == "$HOST:$port" && $role != master ]]; then WHY=${WHY:-"the sentinels' master $port is a $role"}; fi
  done
  [[ -z $WHY ]]
}

sentinel_start() {
  if sentinel_check >/dev/null; then
    log "sentinel already up and healthy on ports ${DATA_PORTS[*]} ${SENTINEL_PORTS[*]}"
    return 0
  fi
  stop_kind sentinel "${DATA_PORTS[@]}" "${SENTINEL_PORTS[@]}"
  ports_free "${DATA_PORTS[@]}" "${SENTINEL_PORTS[@]}"
  log "starting master $SENTINEL_PORT, replica ${DATA_PORTS[1]}, sentinels ${SENTINEL_PORTS[*]} in $ROOT/sentinel"
  local port dir
  for port in "${DATA_PORTS[@]}"; do
    dir=$ROOT/sentinel/$port
    mkdir -p "$dir"
    {
      write_data_conf "$port" "$dir"
      [[ $port == "$SENTINEL_PORT" ]] || echo "replicaof $HOST $SENTINEL_PORT"
    } >"$dir/redis.conf"
    start_node "$port" "$dir"
  done
  # The replica is in sync before the sentinels look: they then find it on their first INFO of
  # the master instead of on the next one, 10 s later.
  local deadline=$((SECONDS + WAIT_SECONDS))
  until [[ $(cli "${DATA_PORTS[1]}" info replication | field master_link_status) == up ]]; do
    ((SECONDS < deadline)) || die "replica ${DATA_PORTS[1]} did not sync with $SENTINEL_PORT (log: $ROOT/sentinel/${DATA_PORTS[1]}/redis.log)"
    sleep 0.1
  done
  for port in "${SENTINEL_PORTS[@]}"; do
    dir=$ROOT/sentinel/$port
    mkdir -p "$dir"
    # Sentinels rewrite this file with what they learn (replicas, other sentinels, epochs).
    {
      write_common_conf "$port" "$dir" "sentinel.conf --sentinel"
      cat <<EOF
sentinel monitor $MASTER_NAME $HOST $SENTINEL_PORT 2
sentinel down-after-milliseconds $MASTER_NAME 1500
sentinel failover-timeout $MASTER_NAME 5000
sentinel parallel-syncs $MASTER_NAME 1
EOF
    } >"$dir/sentinel.conf"
    start_node "$port" "$dir"
  done
  wait_healthy sentinel sentinel_check
  log "sentinel up"
}

# --- commands ------------------------------------------------------------------------------------

[[ $# -eq 2 ]] || usage
cmd=$1
case $2 in
  cluster) kinds=(cluster) ;;
  sentinel) kinds=(sentinel) ;;
  all) kinds=(cluster sentinel) ;;
  *) usage ;;
esac

case $cmd in
  start | stop)
    command -v redis-server >/dev/null || die "redis-server is not on PATH"
    command -v redis-cli >/dev/null || die "redis-cli is not on PATH"
    # One start or stop at a time (two test runs, CI and a developer), beside $ROOT since stop
    # removes $ROOT.
    mkdir -p -- "$(dirname -- "$ROOT")"
    exec 9>"$ROOT.lock"
    flock -w 120 9 || die "another $0 holds $ROOT.lock"
    started=$SECONDS
    for kind in "${kinds[@]}"; do
      if [[ $cmd == start ]]; then
        "${kind}_start"
      else
        if [[ $kind == cluster ]]; then stop_kind cluster "${CLUSTER_PORTS[@]}"; else stop_kind sentinel "${DATA_PORTS[@]}" "${SENTINEL_PORTS[@]}"; fi
        log "$kind stopped"
      fi
    done
    if [[ $cmd == start ]]; then
      for kind in "${kinds[@]}"; do "${kind}_env"; done
    fi
    log "$cmd ${kinds[*]}: $((SECONDS - started)) s"
    ;;
  status)
    rc=0
    for kind in "${kinds[@]}"; do
      if "${kind}_check"; then
        echo "$kind: healthy"
      else
        echo "$kind: NOT healthy: $WHY"
        rc=1
      fi
    done
    exit $rc
    ;;
  *) usage ;;
esac
