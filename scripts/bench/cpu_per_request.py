#!/usr/bin/env python3
"""Server CPU per request: runs wrk against URLs of a running server and reads the
server process's user + system CPU time from /proc before and after, so that a
figure does not depend on how busy the machine's other cores are.

    python3 scripts/bench/cpu_per_request.py --pid PID [--duration 10] [--connections 8] URL...

wrk runs on CPU 0 (`taskset`); pin the server to CPU 1 to keep them apart.
"""
import argparse
import os
import re
import subprocess


def cpu_seconds(pid):
    """utime + stime of the process and its threads, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return ticks / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("urls", nargs="+")
    args = ap.parse_args()
    print("| url | req/s | p50 ms | p99 ms | server CPU µs/request |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for url in args.urls:
        before = cpu_seconds(args.pid)
        out = subprocess.run(
            ["taskset", "-c", "0", "wrk", "-t1", f"-c{args.connections}", f"-d{args.duration}s", "--latency", url],
            capture_output=True, text=True, check=True).stdout
        used = cpu_seconds(args.pid) - before
        requests = int(re.search(r"(\d+) requests in", out).group(1))
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

        def pct(p):
            m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
            v, unit = float(m.group(1)), m.group(2)
            return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v

        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        note = f" ({errors.group(1)} non-2xx)" if errors else ""
        print(f"| {url}{note} | {rps:.0f} | {pct(50):.2f} | {pct(99):.2f} | {used / requests * 1e6:.0f} |")


if __name__ == "__main__":
    main()
