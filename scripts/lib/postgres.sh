# A throwaway PostgreSQL for scripts/test and scripts/bench: sourced, it starts a server on a free port under a
# temporary directory and sets PGBIN, PGTMP, PGPORT and PGURL; stop_postgres stops it and removes the directory.
find_pg_bin() {
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  command -v initdb >/dev/null 2>&1 && dirname "$(readlink -f "$(command -v initdb)")"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start_postgres() {
  PGBIN=$(find_pg_bin)
  PGTMP=$(mktemp -d /tmp/pinzhi-pg.XXXXXX)
  PGPORT=$(free_port)
  PG_RUNAS=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$PGTMP" 2>/dev/null || chown nobody "$PGTMP"; PG_RUNAS=(runuser -u "$(stat -c %U "$PGTMP")" --); fi
  "${PG_RUNAS[@]}" "$PGBIN/initdb" -D "$PGTMP/data" -U pinzhi --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  PG_OPTS="-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c max_connections=500 $*"
  "${PG_RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w -o "$PG_OPTS" start >/dev/null
  PGURL="postgres://pinzhi@127.0.0.1:$PGPORT"
  # Shell commands that stop and start this server again, for the database fault test.
  PG_STOP_CMD="$(printf '%q ' "${PG_RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop)"
  PG_START_CMD="$(printf '%q ' "${PG_RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w -o "$PG_OPTS" start)"
}

stop_postgres() {
  [ -n "${PGTMP:-}" ] || return 0
  "${PG_RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
