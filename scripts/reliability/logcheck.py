#!/usr/bin/python3
"""The server's log after a reliability case: production logs one JSON object per line. Every line is
parsed as JSON; the records are counted per level, and the check fails on any record at WARN or above
(WARN, WARNING, ERROR, SEVERE, FATAL) and on any line that is not a JSON log record (a JVM warning
printed to the console, a stack trace), naming each.

    /usr/bin/python3 scripts/reliability/logcheck.py CASE LOGFILE
"""
import json
import sys

BAD = {"WARN", "WARNING", "ERROR", "SEVERE", "FATAL"}
# The JVM's own notice when JAVA_TOOL_OPTIONS is set (the image sets it for its AOT cache): not a log record.
JVM_NOTICES = ("Picked up JAVA_TOOL_OPTIONS:",)


def main():
    case, path = sys.argv[1], sys.argv[2]
    levels, bad, notices = {}, [], 0
    with open(path, encoding="utf-8", errors="replace") as log:
        for number, line in enumerate(log, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if line.startswith(JVM_NOTICES):
                notices += 1
                continue
            try:
                record = json.loads(line)
                level = str(record["level"]).upper()
            except (ValueError, KeyError, TypeError):
                bad.append("line %d is not a JSON log record: %s" % (number, line[:300]))
                continue
            levels[level] = levels.get(level, 0) + 1
            if level in BAD:
                bad.append("line %d at %s: %s" % (number, level, line[:300]))
    total = sum(levels.values())
    counts = ", ".join("%s %d" % kv for kv in sorted(levels.items())) or "none"
    print("%s: server log: %d JSON records (%s)%s" % (case, total, counts,
          "; %d JVM notice(s)" % notices if notices else ""))
    if total == 0:
        bad.append("no JSON log record at all (is this the server's log?)")
    for line in bad[:20]:
        print("%s FAILED: %s" % (case, line), file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
