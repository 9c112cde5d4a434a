# Shared by the whole-process benchmarks: installs, a private nginx on loopback, a published CLI.
# The sourcing script sets: repo, work, port, artifacts, published ("" to publish), and calls
# cleanup_nginx from its EXIT trap.
# shellcheck shell=bash

nginx_pid=""

log() { printf '>> %s\n' "$*" >&2; }
die() { printf '%s: %s\n' "$(basename "$0" .sh)" "$*" >&2; exit 1; }

# install_missing COMMAND:PACKAGE ...: installs from Debian the packages whose command is missing.
install_missing() {
    local missing=() pair
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    ((${#missing[@]} == 0)) && return
    local sudo=""
    ((EUID == 0)) || sudo=sudo
    log "installing ${missing[*]}"
    $sudo apt-get install -y -qq "${missing[@]}" >/dev/null ||
        { $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

# start_nginx [CORES]: one worker answering 200 "hello" on every path, no access log, keep-alive
# without a request limit; pinned to CORES when given.
start_nginx() {
    local cores=${1:-}
    port_open && die "port $port is already in use; pick another with -p"
    mkdir -p "$work/nginx"
    cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
worker_rlimit_nofile 65536;
pid $work/nginx/nginx.pid;
events { worker_connections 32768; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    scgi_temp_path $work/nginx/scgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    keepalive_requests 100000000;
    server {
        listen 127.0.0.1:$port;
        location / { default_type text/plain; return 200 "hello\n"; }
    }
}
CONF
    if [[ -n "$cores" ]]; then
        taskset -c "$cores" nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
    else
        nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
    fi
    nginx_pid=$!
    for _ in $(seq 50); do port_open && return; sleep 0.1; done
    cat "$work/nginx/error.log" >&2 || true
    die "nginx did not start on port $port"
}

cleanup_nginx() {
    if [[ -n "$nginx_pid" ]]; then
        kill "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
}

# Publishes src/Redline.Cli in Release to $work/redline (outside the tree's bin/ and obj/), or
# links the folder given with -b.
publish() {
    if [[ -n "$published" ]]; then
        [[ -f "$published/redline.dll" ]] || die "no redline.dll in $published"
        ln -s "$(cd "$published" && pwd)" "$work/redline"
        return
    fi
    log "publishing the Redline CLI (Release)"
    dotnet publish "$repo/src/Redline.Cli" -c Release -o "$work/redline" --artifacts-path "$artifacts" \
        -v quiet -nologo >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; die "dotnet publish failed"; }
}

# build_hello: builds examples/hello-service in Release to $work/hello.
build_hello() {
    log "building examples/hello-service"
    dotnet build "$repo/examples/hello-service" -c Release -o "$work/hello" --artifacts-path "$artifacts" -v quiet -nologo >"$work/hello-build.log" 2>&1 ||
        { cat "$work/hello-build.log" >&2; die "the hello-service build failed"; }
}

# remove_work: the EXIT trap of a script whose target Redline starts and stops: removes $work unless KEEP is set.
remove_work() {
    if [[ -n "${KEEP:-}" ]]; then log "kept $work"; else rm -rf "$work"; fi
}
