#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, everything under one folder:
# the munge key, munged's socket, the slurm.conf, the state and spool
# folders, the logs and the pid files. Used by tests/slurm.rs; by hand:
#
#   tests/slurm/cluster.sh start DIR   generate a munge key, start munged (as
#                                      user munge), slurmctld and slurmd; wait
#                                      until the node is idle
#   SLURM_CONF=DIR/slurm.conf sbatch ...
#   tests/slurm/cluster.sh logs DIR    print the daemons' logs
#   tests/slurm/cluster.sh stop DIR    cancel the jobs, stop the daemons by
#                                      their pid files
#
# Needs root and Debian's slurm-wlm and munge (scripts/install-deps.sh
# installs them). Neither systemd nor cgroups are used (proctrack/linuxproc,
# task/none), so it runs in a container; the node is reached at 127.0.0.1
# whether the host name resolves or not. A system munged or Slurm keeps
# running undisturbed: other socket, other ports, other configuration.
# Every wait is bounded by CLUSTER_TIMEOUT seconds (default 120).
set -euo pipefail
# The daemons are in /usr/sbin, not on every PATH.
export PATH=$PATH:/usr/sbin:/sbin

usage() {
  echo "usage: $0 start|stop|logs DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action=$1
dir=$(realpath -m "$2")
timeout=${CLUSTER_TIMEOUT:-120}
conf=$dir/slurm.conf
socket=$dir/munge-run/munge.socket
host=$(uname -n)
host=${host%%.*}

fail() {
  echo "cluster.sh: $*" >&2
  exit 1
}

# A start that fails (fail, or any command under set -e) once it began
# starting daemons stops them.
started=0
on_start_exit() {
  local status=$?
  if [ $status -ne 0 ] && [ $started -eq 1 ]; then
    echo "cluster.sh: start failed (exit status $status); the logs: $0 logs $dir" >&2
    stop_daemons
  fi
  return $status
}

# Waits until the command succeeds, at most $timeout seconds.
wait_for() {
  local what=$1
  shift
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "$what: not within ${timeout} s"
    sleep 0.5
  done
}

# A TCP port nothing listens on (a refused connection), other than $1.
free_port() {
  local port
  for _ in $(seq 500); do
    port=$((20000 + RANDOM % 40000))
    [ "$port" != "${1:-}" ] || continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  fail "no free TCP port found"
}

# The value of KEY=VALUE in `slurmd -C` (this machine's CPUs and memory as
# slurmd counts them: declaring more would put the node in DRAIN).
hardware() {
  local spec
  spec=$(slurmd -C)
  echo "$spec" | sed -n "1s/.* $1=\([0-9]*\).*/\1/p"
}

node_idle() {
  [ "$(SLURM_CONF=$conf sinfo --noheader --nodes="$host" --format=%T)" = idle ]
}

munge_works() {
  munge --socket="$socket" --no-input | unmunge --socket="$socket"
}

start() {
  [ "$(id -u)" -eq 0 ] || fail "start needs root (SlurmdUser=root, munged as user munge)"
  for tool in munged mungekey munge unmunge slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/install-deps.sh installs slurm-wlm and munge)"
  done
  [ ! -e "$conf" ] || fail "$dir already holds a cluster (stop it, or take a new folder)"
  started=1
  trap on_start_exit EXIT
  mkdir -p "$dir"/{munge-key,munge-run,state,spool,log}
  # munged checks the permissions: its socket's folders must be open to
  # everyone, its key private to user munge.
  chmod 755 "$dir"
  chown munge:munge "$dir/munge-key" "$dir/munge-run"
  chmod 700 "$dir/munge-key"
  chmod 755 "$dir/munge-run"
  mungekey --create --keyfile="$dir/munge-key/munge.key"
  chown munge:munge "$dir/munge-key/munge.key"
  chmod 400 "$dir/munge-key/munge.key"
  setpriv --reuid=munge --regid=munge --init-groups munged \
    --key-file="$dir/munge-key/munge.key" \
    --socket="$socket" \
    --pid-file="$dir/munge-run/munged.pid" \
    --log-file="$dir/munge-run/munged.log" \
    --seed-file="$dir/munge-run/munged.seed" ||
    fail "munged did not start"
  wait_for "munged answering on $socket" munge_works

  local ctld_port slurmd_port cpus memory
  ctld_port=$(free_port)
  slurmd_port=$(free_port "$ctld_port")
  cpus=$(hardware CPUs)
  memory=$(hardware RealMemory)
  if [ -z "$cpus" ] || [ -z "$memory" ]; then
    fail "slurmd -C did not give this machine's CPUs and RealMemory"
  fi
  cat >"$conf" <<EOF
# Written by tests/slurm/cluster.sh: a single-node cluster under $dir.
ClusterName=multisenge-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  SLURM_CONF=$conf slurmctld || fail "slurmctld did not start"
  SLURM_CONF=$conf slurmd -N "$host" || fail "slurmd did not start"
  wait_for "node $host idle in sinfo" node_idle
  echo "export SLURM_CONF=$conf"
}

# Stops the daemon whose pid file is $1 if the process is still $2.
stop_daemon() {
  local file=$1 name=$2 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop_daemons() {
  if [ -f "$dir/slurmctld.pid" ] && [ -f "$conf" ]; then
    SLURM_CONF=$conf timeout 20 scancel --user=root >/dev/null 2>&1 || true
  fi
  stop_daemon "$dir/slurmd.pid" slurmd
  stop_daemon "$dir/slurmctld.pid" slurmctld
  stop_daemon "$dir/munge-run/munged.pid" munged
}

logs() {
  for log in "$dir/log/slurmctld.log" "$dir/log/slurmd.log" "$dir/munge-run/munged.log"; do
    echo "==== $log"
    if [ -f "$log" ]; then tail -n 200 "$log"; else echo "(absent)"; fi
  done
}

case $action in
  start) start ;;
  stop) stop_daemons ;;
  logs) logs ;;
  *) usage ;;
esac
