package dev.helloasync;

import java.util.Locale;

/** One HTTP response as read off a raw socket: status line, headers (first of each), body. */
record Answer(String raw, String statusLine, String head, String body) {

    static Answer parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("not an HTTP response: " + raw);
        }
        String head = raw.substring(0, end);
        int firstLine = head.indexOf("\r\n");
        String statusLine = firstLine < 0 ? head : head.substring(0, firstLine);
        return new Answer(raw, statusLine, head, raw.substring(end + 4));
    }

    /** The value of the first header of that name (case-insensitive), or null. */
    String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }
}
