#!/usr/bin/env python3
"""Summarizes a bench/run.sh result directory: medians over reps; for hello-async, ratios per rep
against nginx and against the plain Vert.x floor (for /sleep, which nginx does not serve, against
the tokio peer, else the first peer that answered it); the targets of the pod issue marked met or
missed. Writes ratios.csv for the chart; prints Markdown. Exits 1 if results.csv holds nothing.

    python3 bench/summarize.py DIR        (reads DIR/results.csv and DIR/meta.txt)
"""
import csv
import statistics
import sys
from collections import defaultdict
from pathlib import Path

SERVICE = "hello-async"
BASELINE = "nginx"
FLOOR = "vertx-floor"

# (test, metric, label, unit, better): what the table shows, in order.
ROWS = [
    ("startup", "startup_ms", "start-up: process (for hello-async the JVM) start to first 200", "ms", "low"),
    ("startup", "launch_to_200_ms", "start-up: launch (`podman run`) to first 200", "ms", "low"),
    ("startup", "ready_ms", "start-up: process start to ready (hello-async: after its warm-up)", "ms", "low"),
    ("startup", "launch_to_ready_ms", "start-up: launch (`podman run`) to ready", "ms", "low"),
    ("startup", "rss_idle_kb", "idle RSS (ready, 1 s later)", "MB", "low"),
    ("startup", "rss_anon_idle_kb", "idle anonymous RSS (RssAnon: what a node pays for)", "MB", "low"),
    ("ka", "rps", "`GET /` keep-alive, req/s", "", "high"),
    ("ka", "srv_cpu_us_per_req", "`GET /` keep-alive, server CPU per request", "µs", "low"),
    ("kaab", "srv_cpu_us_per_req", "`GET /` keep-alive, server CPU per request, side by side in alternating slices", "µs", "low"),
    ("ka", "lat_p50_ms", "`GET /` keep-alive, p50", "ms", "low"),
    ("ka", "lat_p99_ms", "`GET /` keep-alive, p99", "ms", "low"),
    ("ka", "rss_peak_kb", "`GET /` keep-alive, peak RSS", "MB", "low"),
    ("close", "rps", "`GET /` `Connection: close`, req/s", "", "high"),
    ("close", "srv_cpu_us_per_req", "`GET /` `Connection: close`, server CPU per request", "µs", "low"),
    ("close", "lat_p99_ms", "`GET /` `Connection: close`, p99", "ms", "low"),
]
SLEEP_METRICS = [
    ("ok", "ok", ""), ("errors", "errors", ""), ("lat_p50_s", "p50", "s"), ("lat_p99_s", "p99", "s"),
    ("lat_max_s", "max", "s"), ("listen_overflows", "listen-queue overflows", ""),
    ("rss_peak_kb", "peak RSS", "MB"), ("kb_per_sleep", "memory per sleep", "kB"),
]


def main(directory):
    out = Path(directory)
    data = defaultdict(dict)  # (test, target, metric) -> {rep: value}
    targets = []
    with open(out / "results.csv") as f:
        for row in csv.DictReader(f):
            try:
                value = float(row["value"])
            except ValueError:
                continue
            data[(row["test"], row["target"], row["metric"])][row["rep"]] = value
            if row["target"] not in targets:
                targets.append(row["target"])
    if not data:
        sys.exit("summarize: no result in %s" % (out / "results.csv"))
    targets.sort(key=lambda t: (t != SERVICE, t != FLOOR, t != BASELINE, t))
    sleep_tests = sorted({k[0] for k in data if k[0].startswith("sleep")},
                         key=lambda t: (int(t[5:].split("_")[0]), not t.endswith("_cold")))

    def median(test, target, metric):
        reps = data.get((test, target, metric))
        return statistics.median(reps.values()) if reps else None

    def ratio(test, target, metric, base):
        """Median over reps of the per-rep ratio target/base: side by side in the same rep."""
        a, b = data.get((test, target, metric)), data.get((test, base, metric))
        if not a or not b:
            return None
        per_rep = [a[r] / b[r] for r in a if r in b and b[r] > 0]
        return statistics.median(per_rep) if per_rep else None

    def fmt(value, unit):
        if value is None:
            return "–"
        if unit == "MB":
            return f"{value / 1024:.1f} MiB"
        if unit == "s":
            return f"{value:.2f} s"
        if unit == "kB":
            return f"{value:.1f} kB"
        if value >= 1000:
            return f"{value:,.0f}{' ' + unit if unit else ''}"
        return f"{value:.3g}{' ' + unit if unit else ''}"

    lines = []
    meta = out / "meta.txt"
    if meta.exists():
        lines += ["```", meta.read_text().strip(), "```", ""]
    lines.append("| measure | " + " | ".join(targets) + " |")
    lines.append("|---|" + "---|" * len(targets))
    ratio_rows = []
    for test, metric, label, unit, _ in ROWS:
        if not any((test, t, metric) in data for t in targets):
            continue
        cells = []
        for t in targets:
            cell = fmt(median(test, t, metric), unit)
            against = [BASELINE] + ([FLOOR] if t == SERVICE else [])
            shown = []
            for base in against:
                r = ratio(test, t, metric, base) if t != base else None
                if r is None:
                    continue
                shown.append(f"{r:.2f}× {'floor' if base == FLOOR else base}")
                if t == SERVICE and metric != "rss_peak_kb" and (test != "startup" or base == FLOOR):
                    ratio_rows.append((label.replace("`", "") + (" vs floor" if base == FLOOR else ""), r))
            if shown:
                cell += " (" + ", ".join(shown) + ")"
            cells.append(cell)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    answered_sleeps = [t for t in targets if t not in (SERVICE, BASELINE)
                       and any(k[1] == t and k[0].startswith("sleep") for k in data)]
    sleep_peer = next((t for t in answered_sleeps if t == "tokio"),
                      next((t for t in answered_sleeps if t != FLOOR), answered_sleeps[0] if answered_sleeps else None))
    for test in sleep_tests:
        n = test[5:].split("_")[0]
        kind = "cold (first burst after start)" if test.endswith("_cold") else "warm"
        for metric, label, unit in SLEEP_METRICS:
            if not any((test, t, metric) in data for t in targets):
                continue
            cells = []
            for t in targets:
                cell = fmt(median(test, t, metric), unit)
                if t != SERVICE and t in (sleep_peer, FLOOR) and metric == "lat_p99_s":
                    r = ratio(test, SERVICE, metric, t)
                    cell += f" ({SERVICE} {r:.2f}×)" if r else ""
                    if r and n == "10000":
                        ratio_rows.append((f"10,000 /sleep {kind.split(' ')[0]}, p99 vs {'floor' if t == FLOOR else t}", r))
                cells.append(cell)
            lines.append(f"| {int(n):,} `/sleep` at once, {kind}: {label} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Ratios in parentheses: the median over reps of each rep's ratio against nginx and, for "
                 "hello-async, against the plain Vert.x floor in the same rep (for `/sleep`, of hello-async "
                 "against the peer or the floor); for the side-by-side row, the median over pairs of "
                 "neighbouring slices.")

    # The targets, each met or missed on this run.
    checks = []

    def check(label, value, limit, op):
        if value is None:
            return
        met = value <= limit if op == "<=" else value >= limit
        checks.append(f"| {label} | {value:.3g} | {op} {limit:g} | {'met' if met else '**missed**'} |")

    # The pod issue's targets (issue 17): start-up and memory absolute, throughput against the floor.
    check("podman run to ready, ms", median("startup", SERVICE, "launch_to_ready_ms"), 3000, "<=")
    check("start-up (JVM start) to first 200, ms", median("startup", SERVICE, "startup_ms"), 900, "<=")
    anon = median("startup", SERVICE, "rss_anon_idle_kb")
    check("idle anonymous RSS, MB", anon and anon * 1024 / 1e6, 55, "<=")
    idle = median("startup", SERVICE, "rss_idle_kb")
    check("idle RSS, MB", idle and idle * 1024 / 1e6, 85, "<=")
    check("image (podman image ls), MB", median("image", SERVICE, "image_mb"), 110, "<=")
    # Side by side when measured (both servers in the same minutes), else rep against rep.
    side = ratio("kaab", SERVICE, "srv_cpu_us_per_req", FLOOR)
    if side is not None:
        check("keep-alive CPU per request vs floor (side by side)", side, 1.15, "<=")
    else:
        check("keep-alive CPU per request vs floor", ratio("ka", SERVICE, "srv_cpu_us_per_req", FLOOR), 1.15, "<=")
    check("keep-alive p99 vs floor", ratio("ka", SERVICE, "lat_p99_ms", FLOOR), 1.2, "<=")
    big = max((int(t[5:].split("_")[0]) for t in sleep_tests), default=None)
    if big:
        if sleep_peer:
            check(f"{big:,} sleeps warm p99 vs {sleep_peer}", ratio(f"sleep{big}", SERVICE, "lat_p99_s", sleep_peer), 1.05, "<=")
        cold, warm = median(f"sleep{big}_cold", SERVICE, "lat_p99_s"), median(f"sleep{big}", SERVICE, "lat_p99_s")
        check(f"{big:,} sleeps cold p99 / warm p99", cold / warm if cold and warm else None, 1.15, "<=")
        per = median(f"sleep{big}", SERVICE, "kb_per_sleep")
        check("memory per in-flight sleep, KB", per and per * 1.024, 6, "<=")
        check(f"{big:,} sleeps warm: all 200 (ok / n)", (median(f"sleep{big}", SERVICE, "ok") or 0) / big, 1, ">=")
    pod = out / "pod-check.txt"
    if pod.exists():
        fields = dict(kv.split("=", 1) for kv in pod.read_text().split())
        check("pod limits: first burst p99 / third burst p99", float(fields["first_over_third"]), 1.15, "<=")
        lines.append("")
        lines.append(f"Pod limits (bench/pod-check.sh): first burst p99 / third = {fields['first_over_third']}, "
                     f"memory peak {fields['peak_mib']} MiB.")
    if checks:
        lines += ["", "| target | this run | wanted | |", "|---|---|---|---|"] + checks

    # How cost grows with the work: per warm burst size and target, p99 and peak RSS (sleeps.csv,
    # for bench/sleeps.gp), one row per size: n, then p99 s and peak MiB for each target in order.
    warm = sorted({int(t[5:]) for t in sleep_tests if not t.endswith("_cold")})
    burst_targets = [t for t in targets if any((f"sleep{n}", t, "lat_p99_s") in data for n in warm)]
    if len(warm) > 1 and burst_targets:
        with open(out / "sleeps.csv", "w") as f:
            f.write("n," + ",".join(f"{t} p99 s,{t} peak MiB" for t in burst_targets) + "\n")
            for n in warm:
                cells = []
                for t in burst_targets:
                    p99, peak = median(f"sleep{n}", t, "lat_p99_s"), median(f"sleep{n}", t, "rss_peak_kb")
                    cells += ["" if p99 is None else f"{p99:.3f}", "" if peak is None else f"{peak / 1024:.1f}"]
                f.write(f"{n}," + ",".join(cells) + "\n")

    with open(out / "ratios.csv", "w") as f:
        for label, r in ratio_rows:
            f.write(f"\"{label}\",{r:.4f}\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
