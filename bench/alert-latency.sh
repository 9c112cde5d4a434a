#!/usr/bin/env bash
# How long from an alert's condition to the receiver? Runs `redline run` N times on a suite whose every
# request fails (a target that answers 200 where 201 is expected) with the alert "error_rate > 5%" (no
# `for`), posting to a webhook receiver on loopback that stamps each arrival. For each run it prints the
# time from the end of the second that made the alert fire (the scenario's start + second + 1 s, when the
# condition was first true for a whole second) to the webhook's receipt, and from the firing transition
# Redline recorded to the receipt.
#
# Usage: bench/alert-latency.sh [-n RUNS] [-b PUBLISHED_DIR]
set -euo pipefail
export LC_ALL=C DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

runs=5
published=""
while getopts "n:b:h" opt; do
    case "$opt" in
        n) runs=$OPTARG ;;
        b) published=$OPTARG ;;
        *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/redline-alert-latency.XXXXXX")
artifacts=${REDLINE_BENCH_ARTIFACTS:-${TMPDIR:-/tmp}/redline-bench-artifacts}
receiver_pid=""
port=18090

# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"

cleanup() {
    if [[ -n "$receiver_pid" ]]; then kill "$receiver_pid" 2>/dev/null || true; wait "$receiver_pid" 2>/dev/null || true; fi
    remove_work
}
trap cleanup EXIT
trap 'exit 130' INT TERM

install_missing python3:python3 perl:perl-base
publish
cat >"$work/receiver.py" <<'PY'
import http.server, json, sys, time
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(sys.argv[2], "a") as log:
            log.write(json.dumps({"received": time.time(), "body": json.loads(body)}) + "\n")
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
PY
cat >"$work/server.pl" <<'PL'
use strict; use IO::Socket::INET;
my $server = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $ARGV[0], Listen => 64, ReuseAddr => 1) or die;
$SIG{TERM} = sub { exit 0 };
while (my $client = $server->accept) {
    while (my $line = <$client>) { last if $line =~ /^\r?\n$/; }
    print $client "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"; close $client;
}
PL
python3 "$work/receiver.py" "$port" "$work/received.ndjson" &
receiver_pid=$!
target=$((port + 1))
cat >"$work/suite.yaml" <<SUITE
suite: alert_latency
target:
  base_url: http://127.0.0.1:$target
  start: { command: perl, args: [server.pl, "$target"], ready: "tcp:$target" }
components:
  home: { request: { path: /, expect_status: [201] } }
scenarios:
  s:
    load: { model: open, rate: 20/s, duration: 4s }
alerts:
  failing:
    condition: "error_rate > 5%"
    notification: [hook]
notifiers:
  hook: { type: webhook, url: "http://127.0.0.1:$port/hook" }
SUITE
for i in $(seq "$runs"); do
    : >"$work/received.ndjson"
    (cd "$work" && dotnet "$work/redline/redline.dll" run suite.yaml --quiet --no-store --out "$work/out.$i" >"$work/out.$i.log" 2>&1) || { cat "$work/out.$i.log" >&2; die "run $i failed"; }
    python3 - "$work/out.$i/results.json" "$work/received.ndjson" <<'PY'
import json, sys
from datetime import datetime
results = json.load(open(sys.argv[1]))
alert = results["alerts"][0]
firing = next(t for t in alert["transitions"] if t["state"] == "firing")
start = datetime.fromisoformat(results["scenarios"][0]["started_at"]).timestamp()
fired = datetime.fromisoformat(firing["at"]).timestamp()
received = next(json.loads(l)["received"] for l in open(sys.argv[2]) if json.loads(l)["body"]["status"] == "firing")
second_end = start + firing["second"] + 1
print(f"second {firing['second']}: end of that second -> receipt {1000 * (received - second_end):.0f} ms; firing recorded -> receipt {1000 * (received - fired):.1f} ms")
PY
done
