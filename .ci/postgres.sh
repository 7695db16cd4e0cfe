#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests of internal/postgres.
#
#   eval "$(bash .ci/postgres.sh start)"   start one; export ROSTRUM_TEST_POSTGRES (and ROSTRUM_POSTGRES_DIR)
#   bash .ci/postgres.sh stop [DIR]        stop it and remove its files (DIR defaults to $ROSTRUM_POSTGRES_DIR)
#   bash .ci/postgres.sh run CMD [ARG...]  start one, run CMD with ROSTRUM_TEST_POSTGRES set, stop it
#   eval "$(bash .ci/postgres.sh replica)" add a streaming replica to the running server; export
#                                          ROSTRUM_TEST_POSTGRES_REPLICA
#   eval "$(bash .ci/postgres.sh pgbouncer)"
#                                          put PgBouncer (transaction pooling) in front
#                                          of the running server; export
#                                          ROSTRUM_TEST_PGBOUNCER
#   bash .ci/postgres.sh run [--replica] [--pgbouncer] CMD [ARG...]
#                                          the same as run, with a replica and/or
#                                          PgBouncer too
#
# or, from another bash script:
#
#   source .ci/postgres.sh
#   postgres_start               # exports ROSTRUM_TEST_POSTGRES and ROSTRUM_POSTGRES_DIR
#   trap postgres_stop EXIT      # stops and removes the replica too
#   postgres_start_replica       # optional: exports ROSTRUM_TEST_POSTGRES_REPLICA
#   postgres_start_pgbouncer     # optional: exports ROSTRUM_TEST_PGBOUNCER
#
# ROSTRUM_PG_DURABLE=1 makes the server durable (fsync, synchronous
# commit) with 2 GB of shared buffers, for benchmarks.
#
# The cluster lives in a new temporary directory: initdb'd there (as the
# OS user postgres when run as root, since the server refuses to run as
# root), with fsync off, listening on no TCP address, only on a unix socket
# in that directory (whose name carries a port number that no other server
# here uses), and a database rostrum_test. The DSN is
#
#   postgres://postgres@/rostrum_test?host=DIR&port=PORT&sslmode=disable
#
# The server is ready to be a replication primary (wal_level replica, WAL
# senders, and pg_hba trusting replication connections on the socket), which
# costs postgres_start nothing. postgres_start_replica then copies it with
# pg_basebackup -R into DIR/replica and starts that copy as a hot standby,
# streaming from the primary, with its own port on the same socket
# directory; ROSTRUM_TEST_POSTGRES_REPLICA is the same database there:
#
#   postgres://postgres@/rostrum_test?host=DIR&port=REPLICA_PORT&sslmode=disable
#
# The replica answers reads, a little behind the primary, and refuses
# writes (it is in recovery). It is kept apart from start because it costs
# time that only the replication tests need: under a second for a new
# server, more when the primary already holds data, which pg_basebackup
# copies.
#
# postgres_start_pgbouncer starts PgBouncer in front of the primary, as a
# deployment puts it there: pool_mode = transaction, so that a client's
# next transaction may run on another server connection, with a pool of 4
# server connections per database and user, fewer than the 16 a Store
# opens, so that server connections pass from client to client. It
# listens only on a socket in the same directory, on a port of its own,
# trusts the user postgres (listed in DIR/pgbouncer.users), and maps every
# database name to the database of that name on the primary, so that a
# test can create a database of its own and reach it through the pooler.
# ROSTRUM_TEST_PGBOUNCER is
#
#   postgres://postgres@/rostrum_test?host=DIR&port=PGBOUNCER_PORT&sslmode=disable
#
# Its files are DIR/pgbouncer.ini, .log and .pid; postgres_stop stops it
# first.
#
# When initdb or pg_ctl cannot be found, Debian's postgresql package is
# installed with apt-get (with sudo unless root), and Debian's pgbouncer
# when pgbouncer is missing. Progress goes to stderr; start prints only
# the export lines on stdout.

_pg_say() { printf 'postgres.sh: %s\n' "$*" >&2; }

# _pg_apt installs Debian packages, with sudo unless root.
_pg_apt() {
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq >&2 || return 1
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >&2
}

# _pg_bindir prints the directory of initdb and pg_ctl, installing
# PostgreSQL when there is none.
_pg_bindir() {
  local d
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then
      echo "$d"
      return 0
    fi
  done
  _pg_say "initdb and pg_ctl not found: apt-get install postgresql"
  _pg_apt postgresql || return 1
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then
      echo "$d"
      return 0
    fi
  done
  _pg_say "postgresql is installed but pg_ctl is still missing"
  return 1
}

# _pg_as runs a command as the cluster's owner: postgres when we are root.
_pg_as() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# _pg_port prints a port number whose socket name no server here uses.
_pg_port() {
  local port i
  for i in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if [ ! -e "/tmp/.s.PGSQL.$port" ] && [ ! -e "/var/run/postgresql/.s.PGSQL.$port" ] &&
      ! grep -qi ":$(printf '%04X' "$port") " /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  _pg_say "no free port found"
  return 1
}

# postgres_start starts a server and exports ROSTRUM_TEST_POSTGRES and
# ROSTRUM_POSTGRES_DIR.
postgres_start() {
  local bin dir port
  bin=$(_pg_bindir) || return 1
  if [ "$(id -u)" = 0 ] && ! getent passwd postgres >/dev/null; then
    _pg_say "running as root, and there is no postgres user to run the server as"
    return 1
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/rostrum-pg.XXXXXX") || return 1
  chmod 700 "$dir"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
  fi
  port=$(_pg_port) || return 1
  local start=$EPOCHREALTIME
  if ! _pg_as "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1; then
    _pg_say "initdb failed:"
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    return 1
  fi
  # Throwaway settings: no durability, a small footprint on a shared machine.
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 64MB
max_connections = 200
log_min_messages = warning
wal_level = replica
max_wal_senders = 10
EOF
  # For benchmarks (ROSTRUM_PG_DURABLE=1): durable commits and memory sized
  # like a small dedicated server, so that numbers compare with SQLite's
  # (which syncs its write-ahead log) rather than with a RAM disk.
  if [ "${ROSTRUM_PG_DURABLE:-}" = 1 ]; then
    cat >>"$dir/data/postgresql.conf" <<EOF
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 2GB
effective_cache_size = 12GB
work_mem = 32MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
EOF
  fi
  # initdb's pg_hba.conf trusts local replication connections already; make
  # sure of it, since postgres_start_replica depends on it.
  if ! grep -Eq '^local[[:space:]]+replication[[:space:]]+all[[:space:]]+trust' "$dir/data/pg_hba.conf"; then
    echo 'local replication all trust' >>"$dir/data/pg_hba.conf"
  fi
  if ! _pg_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
    _pg_say "pg_ctl start failed:"
    cat "$dir/server.log" >&2
    rm -rf "$dir"
    return 1
  fi
  local i
  for i in $(seq 1 100); do
    if "$bin/pg_isready" -q -h "$dir" -p "$port" -U postgres 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  if ! "$bin/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres -c 'CREATE DATABASE rostrum_test' >&2; then
    _pg_say "CREATE DATABASE failed"
    _pg_as "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$dir"
    return 1
  fi
  export ROSTRUM_POSTGRES_DIR="$dir"
  export ROSTRUM_TEST_POSTGRES="postgres://postgres@/rostrum_test?host=$dir&port=$port&sslmode=disable"
  _pg_say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') ready in $(_pg_since "$start") s on $dir (port $port)"
}

# postgres_stop stops the server that postgres_start started (or the one
# in directory $1) and removes its files.
postgres_stop() {
  local dir=${1:-${ROSTRUM_POSTGRES_DIR:-}}
  if [ -z "$dir" ]; then
    _pg_say "stop: no directory given and ROSTRUM_POSTGRES_DIR is not set"
    return 1
  fi
  case "$dir" in
  */rostrum-pg.*) ;;
  *)
    _pg_say "stop: $dir is not a directory that postgres.sh made"
    return 1
    ;;
  esac
  # PgBouncer first (SIGTERM: it shuts down at once), then the replica:
  # stopping the primary first would keep the replica retrying its
  # connection until it is stopped in turn.
  local pid i
  if [ -f "$dir/pgbouncer.pid" ]; then
    pid=$(cat "$dir/pgbouncer.pid")
    if [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; then
      for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
    fi
  fi
  local data
  for data in "$dir/replica" "$dir/data"; do
    if [ -f "$data/postmaster.pid" ]; then
      local bin
      bin=$(_pg_bindir) || return 1
      _pg_as "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 ||
        _pg_as "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1
    fi
  done
  rm -rf "$dir"
  if [ "${ROSTRUM_POSTGRES_DIR:-}" = "$dir" ]; then
    unset ROSTRUM_POSTGRES_DIR ROSTRUM_TEST_POSTGRES ROSTRUM_TEST_POSTGRES_REPLICA ROSTRUM_TEST_PGBOUNCER
  fi
}

# postgres_start_replica adds a streaming replica to the server that
# postgres_start started (or the one in directory $1) and exports
# ROSTRUM_TEST_POSTGRES_REPLICA. It returns when the replica accepts
# connections and is in recovery. postgres_stop stops it with the primary.
postgres_start_replica() {
  local dir=${1:-${ROSTRUM_POSTGRES_DIR:-}}
  if [ -z "$dir" ] || [ ! -f "$dir/data/postmaster.pid" ]; then
    _pg_say "replica: no running server (start one first: eval \"\$(bash .ci/postgres.sh start)\")"
    return 1
  fi
  if [ -e "$dir/replica" ]; then
    _pg_say "replica: $dir/replica exists already"
    return 1
  fi
  local bin port rport start=$EPOCHREALTIME
  bin=$(_pg_bindir) || return 1
  # postmaster.pid's fourth line is the primary's port.
  port=$(sed -n 4p "$dir/data/postmaster.pid")
  rport=$port
  while [ "$rport" = "$port" ]; do
    rport=$(_pg_port) || return 1
  done
  # A fast checkpoint instead of a spread one, the WAL streamed during the
  # copy so that the copy is consistent by itself, and no fsync: the copy
  # is as disposable as its primary. -R writes standby.signal and the
  # primary_conninfo that points the replica at the primary's socket.
  if ! _pg_as "$bin/pg_basebackup" -h "$dir" -p "$port" -U postgres -D "$dir/replica" -R \
    --checkpoint=fast --wal-method=stream --no-sync >"$dir/basebackup.log" 2>&1; then
    _pg_say "pg_basebackup failed:"
    cat "$dir/basebackup.log" >&2
    rm -rf "$dir/replica"
    return 1
  fi
  # The copied postgresql.conf names the primary's port; the last setting
  # of a name wins. hot_standby_feedback keeps the primary's vacuum from
  # removing rows that a replica's query still reads, which would cancel
  # the query ("conflict with recovery"), as a read replica is set up in
  # production.
  cat >>"$dir/replica/postgresql.conf" <<EOF
port = $rport
hot_standby = on
hot_standby_feedback = on
EOF
  if ! _pg_as "$bin/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w -t 60 start >/dev/null; then
    _pg_say "pg_ctl start of the replica failed:"
    cat "$dir/replica.log" >&2
    _pg_as "$bin/pg_ctl" -D "$dir/replica" -m immediate stop >/dev/null 2>&1
    rm -rf "$dir/replica"
    return 1
  fi
  local i recovering=
  for i in $(seq 1 300); do
    recovering=$("$bin/psql" -X -A -t -h "$dir" -p "$rport" -U postgres -d rostrum_test \
      -c 'SELECT pg_is_in_recovery()' 2>/dev/null)
    [ "$recovering" = t ] && break
    sleep 0.1
  done
  if [ "$recovering" != t ]; then
    _pg_say "the replica does not answer as a standby (pg_is_in_recovery: ${recovering:-no answer}):"
    cat "$dir/replica.log" >&2
    _pg_as "$bin/pg_ctl" -D "$dir/replica" -m immediate stop >/dev/null 2>&1
    rm -rf "$dir/replica"
    return 1
  fi
  export ROSTRUM_TEST_POSTGRES_REPLICA="postgres://postgres@/rostrum_test?host=$dir&port=$rport&sslmode=disable"
  _pg_say "replica ready in $(_pg_since "$start") s on $dir (port $rport), streaming from port $port"
}

# _pg_pgbouncer prints the path of pgbouncer (in /usr/sbin, which may be
# off PATH), installing Debian's pgbouncer when there is none.
_pg_pgbouncer() {
  local p
  for p in "$(command -v pgbouncer 2>/dev/null)" /usr/sbin/pgbouncer; do
    if [ -n "$p" ] && [ -x "$p" ]; then
      echo "$p"
      return 0
    fi
  done
  _pg_say "pgbouncer not found: apt-get install pgbouncer"
  _pg_apt pgbouncer || return 1
  if [ -x /usr/sbin/pgbouncer ]; then
    echo /usr/sbin/pgbouncer
    return 0
  fi
  _pg_say "pgbouncer is installed but /usr/sbin/pgbouncer is still missing"
  return 1
}

# postgres_start_pgbouncer starts PgBouncer in transaction mode in front of
# the server that postgres_start started (or the one in directory $1) and
# exports ROSTRUM_TEST_PGBOUNCER. It returns when a query through it is
# answered. postgres_stop stops it with the server.
postgres_start_pgbouncer() {
  local dir=${1:-${ROSTRUM_POSTGRES_DIR:-}}
  if [ -z "$dir" ] || [ ! -f "$dir/data/postmaster.pid" ]; then
    _pg_say "pgbouncer: no running server (start one first: eval \"\$(bash .ci/postgres.sh start)\")"
    return 1
  fi
  if [ -e "$dir/pgbouncer.ini" ]; then
    _pg_say "pgbouncer: $dir/pgbouncer.ini exists already"
    return 1
  fi
  local bin pgb port bport start=$EPOCHREALTIME
  bin=$(_pg_bindir) || return 1
  pgb=$(_pg_pgbouncer) || return 1
  port=$(sed -n 4p "$dir/data/postmaster.pid")
  bport=$port
  while [ "$bport" = "$port" ] || [ -e "$dir/.s.PGSQL.$bport" ]; do
    bport=$(_pg_port) || return 1
  done
  # auth_type trust still wants the user listed in auth_file. listen_addr
  # is unset: no TCP, only the socket. A "*" database is the database of
  # the same name on the primary.
  printf '"postgres" ""\n' >"$dir/pgbouncer.users"
  cat >"$dir/pgbouncer.ini" <<EOF
[databases]
* = host=$dir port=$port
[pgbouncer]
pool_mode = transaction
unix_socket_dir = $dir
listen_port = $bport
auth_type = trust
auth_file = $dir/pgbouncer.users
admin_users = postgres
default_pool_size = 4
max_client_conn = 500
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir/pgbouncer.ini" "$dir/pgbouncer.users"
  fi
  # -d: it goes into the background once listening. It refuses to run as
  # root, like the server.
  if ! _pg_as "$pgb" -q -d "$dir/pgbouncer.ini" >"$dir/pgbouncer.out" 2>&1; then
    _pg_say "pgbouncer failed to start:"
    cat "$dir/pgbouncer.out" >&2
    [ -f "$dir/pgbouncer.log" ] && cat "$dir/pgbouncer.log" >&2
    rm -f "$dir/pgbouncer.ini"
    return 1
  fi
  local i answer=
  for i in $(seq 1 100); do
    answer=$("$bin/psql" -X -A -t -h "$dir" -p "$bport" -U postgres -d rostrum_test -c 'SELECT 1' 2>/dev/null)
    [ "$answer" = 1 ] && break
    sleep 0.1
  done
  if [ "$answer" != 1 ]; then
    _pg_say "pgbouncer does not answer on port $bport:"
    cat "$dir/pgbouncer.log" >&2
    [ -f "$dir/pgbouncer.pid" ] && kill -TERM "$(cat "$dir/pgbouncer.pid")" 2>/dev/null
    return 1
  fi
  export ROSTRUM_TEST_PGBOUNCER="postgres://postgres@/rostrum_test?host=$dir&port=$bport&sslmode=disable"
  _pg_say "PgBouncer $("$pgb" --version | awk 'NR == 1 {print $2}') ready in $(_pg_since "$start") s on $dir (port $bport), transaction pooling to port $port"
}

# _pg_since prints the seconds since $1, an $EPOCHREALTIME, to 0.01 s.
_pg_since() {
  awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'
}

# Run as a script (not sourced): dispatch the subcommand.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  case "${1:-}" in
  start)
    postgres_start || exit 1
    printf 'export ROSTRUM_POSTGRES_DIR=%q\n' "$ROSTRUM_POSTGRES_DIR"
    printf 'export ROSTRUM_TEST_POSTGRES=%q\n' "$ROSTRUM_TEST_POSTGRES"
    ;;
  stop)
    postgres_stop "${2:-}"
    ;;
  replica)
    postgres_start_replica "${2:-}" || exit 1
    printf 'export ROSTRUM_TEST_POSTGRES_REPLICA=%q\n' "$ROSTRUM_TEST_POSTGRES_REPLICA"
    ;;
  pgbouncer)
    postgres_start_pgbouncer "${2:-}" || exit 1
    printf 'export ROSTRUM_TEST_PGBOUNCER=%q\n' "$ROSTRUM_TEST_PGBOUNCER"
    ;;
  run)
    shift
    replica= pgbouncer=
    while :; do
      case "${1:-}" in
      --replica) replica=1 ;;
      --pgbouncer) pgbouncer=1 ;;
      *) break ;;
      esac
      shift
    done
    if [ $# -eq 0 ]; then
      echo "usage: bash .ci/postgres.sh run [--replica] [--pgbouncer] CMD [ARG...]" >&2
      exit 2
    fi
    postgres_start || exit 1
    trap postgres_stop EXIT
    trap 'exit 130' INT TERM
    if [ -n "$replica" ]; then
      postgres_start_replica || exit 1
    fi
    if [ -n "$pgbouncer" ]; then
      postgres_start_pgbouncer || exit 1
    fi
    "$@"
    ;;
  *)
    echo "usage: bash .ci/postgres.sh start|replica [DIR]|pgbouncer [DIR]|stop [DIR]|run [--replica] [--pgbouncer] CMD [ARG...]" >&2
    exit 2
    ;;
  esac
fi
