#!/usr/bin/python3
"""Hostile requests: a seeded generator of malformed, odd and smuggling-shaped requests, each sent on
its own connection to a running hello-async, every answer parsed by h11 (Debian's python3-h11, a
strict HTTP/1.1 parser we did not write).

    /usr/bin/python3 scripts/reliability/hostile.py [--port 8080] [--count 10000] [--seed N]

Each answer must be a well-formed HTTP/1.0 or HTTP/1.1 response (h11 rejects anything else, an echoed
version included) with status 2xx-4xx or 505, never another 5xx; every error carries the house style
(text/plain, one line, Cache-Control: no-store, the security headers; Connection: close when the
request was not understood); a 200 is the exact hello page, a 404 the exact 404 page: no byte of
anything else is ever served; after `Connection: close` the server closes cleanly (no reset); every
refusal of the protocol guard (413, 414, 431, 505, and its 400) says `Connection: close`. A
connection closed with no answer at all fails, except for a request the client left incomplete
(case_truncated: a prefix of a request, then the client stops sending). A connection must end
within --hang seconds (the server's header timeout plus slack). After every batch
a plain GET / must answer 200 with the hello page. A failure prints the seed and the case: rerun with
--seed N --only INDEX to replay it.
"""
import argparse
import concurrent.futures
import os
import random
import re
import socket
import sys
import time

import h11

PAGES = os.path.join(os.path.dirname(__file__), "..", "..", "src", "main", "resources", "pages")
HELLO = open(os.path.join(PAGES, "hello.html"), "rb").read()
NOT_FOUND = open(os.path.join(PAGES, "404.html"), "rb").read()
HOUSE = {b"x-content-type-options": b"nosniff", b"content-security-policy": b"default-src 'none'",
         b"referrer-policy": b"no-referrer"}


# ------------------------------------------------------------------------------ the generator
def good(rng, version=None, method=None, target=None, extra=b""):
    method = method or rng.choice([b"GET", b"GET", b"HEAD"])
    target = target or rng.choice([b"/", b"/", b"/sleep?seconds=0", b"/nope", b"/sleep/", b"/index.html"])
    version = version or rng.choice([b"HTTP/1.1", b"HTTP/1.1", b"HTTP/1.0"])
    host = b"Host: localhost\r\n" if version == b"HTTP/1.1" or rng.random() < 0.5 else b""
    return method + b" " + target + b" " + version + b"\r\n" + host + extra + b"\r\n"


def garbage(rng, n):
    return bytes(rng.randrange(256) for _ in range(n))


def case_request_line(rng):
    line = rng.choice([
        b"GET", b"GET /", b"GET / ", b" GET / HTTP/1.1", b"GET  / HTTP/1.1", b"GET / HTTP/1.1 extra",
        b"GET\t/\tHTTP/1.1", b"get / HTTP/1.1", b"G ET / HTTP/1.1", b"GET / HTTP/1.1\x00",
        b"/ HTTP/1.1", b"HTTP/1.1", b"", b"\r\n\r\nGET / HTTP/1.1", b"GET /\x7f HTTP/1.1",
        b"GET " + b"/" * rng.randrange(1, 9000) + b" HTTP/1.1",
        b"GET /" + garbage(rng, rng.randrange(1, 40)) + b" HTTP/1.1",
        garbage(rng, rng.randrange(1, 200)),
    ])
    return line + b"\r\nHost: localhost\r\n\r\n"


def case_method(rng):
    method = rng.choice([b"POST", b"PUT", b"DELETE", b"PATCH", b"OPTIONS", b"TRACE", b"CONNECT", b"PROPFIND",
                         b"FOO", b"M" * rng.randrange(1, 300), b"GET\x01", b"G\xc3\xa9T", b"BREW"])
    target = b"localhost:443" if method == b"CONNECT" else rng.choice([b"/", b"*", b"/sleep", b"http://localhost/"])
    return method + b" " + target + b" HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"


def case_version(rng):
    version = rng.choice([b"HTTP/0.9", b"HTTP/1.2", b"HTTP/2.0", b"HTTP/2", b"HTTP/3.0", b"HTTP/9.9", b"HTTP/1.10",
                          b"http/1.1", b"HTTP/1.1.1", b"HTTP/\xc3\xa9", b"HTTP/1.\xff", b"\xe2\x98\x83/1.1",
                          b"FOO/1.1", b"HTTPS/1.1", b"HTTP /1.1", b"HTTP/-1.1", b"HTTP/01.1", b"HTTP/1.1\x0b"])
    return b"GET / " + version + b"\r\nHost: localhost\r\n\r\n"


def case_preface(rng):
    return rng.choice([b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + garbage(rng, 30),
                       b"GET /\r\n", b"GET /\r\n\r\n"])


def case_host(rng):
    return rng.choice([
        b"GET / HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost:\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: \xff\xfe\r\n\r\n",
    ])


def case_headers(rng):
    header = rng.choice([
        b"X-Big: " + b"a" * rng.randrange(8000, 20000),
        b"".join(b"X-H%d: v\r\n" % i for i in range(rng.randrange(100, 1200))).rstrip(b"\r\n"),
        b"NoColon", b"Space : before-colon", b" Folded: continuation", b"X: a\r\n\tfolded",
        b"X-N\x00ul: v", b"X: \x00\x01\x02", b"X: \xc3\x28 invalid utf-8", b"X: \xff\xfe\xfd",
        b": empty-name", b"X-\xe2\x98\x83: snowman", b"Accept: */*\r\nAccept: text/html",
        b"Cookie: " + b"c=" + b"x" * 4000 + b"; d=" + b"y" * 4000,
        b"X: " + garbage(rng, rng.randrange(1, 100)),
    ])
    return b"GET / HTTP/1.1\r\nHost: localhost\r\n" + header + b"\r\n\r\n"


def case_path(rng):
    path = rng.choice([
        b"/%2e%2e/", b"/%2e%2e/%2e%2e/etc/passwd", b"//etc/passwd", b"/sleep/..", b"/../../etc/passwd",
        b"/%2F..%2Fetc%2Fpasswd", b"/./", b"/%00", b"/%", b"/%zz", b"/sleep%00", b"/;/", b"/\\..\\..\\windows",
        b"/pages/hello.html", b"/../pages/404.html", b"/application.properties", b"/%2e%2e%2fapplication.properties",
        b"/META-INF/MANIFEST.MF", b"/dev/helloasync/HelloRoutes.class", b"/WEB-INF/web.xml", b"/..%252f..%252f",
        b"/%c0%ae%c0%ae/", b"/%ef%bc%8e%ef%bc%8e/", b"/\xc3\xa9", b"/\xff", b"/" + b"a/" * 500, b"/?" + b"q=1&" * 500,
        b"/#fragment", b"*", b"http://evil.example/", b"/sleep?seconds=0#x",
    ])
    return b"GET " + path + b" HTTP/1.1\r\nHost: localhost\r\n\r\n"


def case_seconds(rng):
    value = rng.choice([b"-1", b"-0", b"1e309", b"NaN", b"nan", b"Infinity", b"-Infinity", b"99999999999999999999",
                        b"0x10", b"", b"1,2", b"0.0000001", b"%201", b"1s", b"PT1S", b"31", b"3600", b"1e3", b"abc",
                        b"0.01&seconds=99", b"0&seconds=0", b"%00", b"\xff", b"0.0", b"0." + b"0" * 500 + b"1"])
    return b"GET /sleep?seconds=" + value + b" HTTP/1.1\r\nHost: localhost\r\n\r\n"


def case_framing(rng):
    """Transfer-Encoding / Content-Length conflicts: the shapes request smuggling is made of."""
    smuggled = b"GET /404-smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n"
    return rng.choice([
        b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 50\r\n\r\n0\r\n\r\n" + smuggled,
        b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5, 6\r\n\r\nhello!",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: +5\r\n\r\nhello",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1e3\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999999999999999\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: \x0bchunked\r\n\r\n0\r\n\r\n",
        b"GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + smuggled,
        b"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n" + b"400\r\n" + b"x" * 1024 + b"\r\n" * 3,
        b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2048\r\n\r\n" + b"x" * 2048,
        b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc" + smuggled,
    ])


def case_pipelined(rng):
    """Several requests in one write, the first one complete (it must be answered), sometimes ending
    with a truncated one."""
    parts = []
    for _ in range(rng.randrange(2, 6)):
        kind = rng.random()
        if kind < 0.6:
            parts.append(good(rng, version=b"HTTP/1.1"))
        else:
            parts.append(rng.choice(COMPLETE)(rng))
    if rng.random() < 0.2:
        parts.append(case_truncated(rng))
    return b"".join(parts)


def case_truncated(rng):
    """A prefix of a request, then the client stops sending (half-close): a clean close, no answer needed."""
    whole = good(rng, version=b"HTTP/1.1")
    return whole[:rng.randrange(1, len(whole) - 1)]


def case_good(rng):
    return good(rng)


# Generators whose every request is complete: the server must answer something.
COMPLETE = [case_good, case_request_line, case_method, case_version, case_preface, case_host, case_headers,
            case_path, case_seconds, case_framing]
GENERATORS = COMPLETE + [case_truncated, case_pipelined]
# The only cases a server may close without any answer: the client never finished its request.
SILENT_CLOSE_ALLOWED = {"case_truncated"}


# ------------------------------------------------------------------------------ the checker
class Failure(Exception):
    pass


HEAD_LINE = re.compile(rb"HEAD [\x21-\x7e]+ HTTP/1\.[01](\r\n|$)")
CHUNK_SIZE = re.compile(rb"[0-9a-fA-F]+(\r\n|$)")


def methods_of(data):
    """The method of each request the bytes seem to hold, for h11 (an answer to HEAD has no body): a
    HEAD whose request line is well-formed, a GET for anything else but a chunked body's size line."""
    out = []
    for chunk in data.split(b"\r\n\r\n"):
        chunk = chunk.lstrip(bytes(range(33)))   # as Netty skips control characters and spaces
        if HEAD_LINE.match(chunk):
            out.append(b"HEAD")
        elif chunk and (not CHUNK_SIZE.match(chunk) or not out):
            out.append(b"GET")
    return out or [b"GET"]


def answers_in(received):
    """How many complete answers the bytes hold so far (h11 counts; any parse error: stop counting)."""
    conn = h11.Connection(our_role=h11.CLIENT)
    conn.receive_data(received)
    done = 0
    try:
        while True:
            conn.send(h11.Request(method="GET", target="/", headers=[("Host", "localhost")]))
            conn.send(h11.EndOfMessage())
            while True:
                event = conn.next_event()
                if event is h11.NEED_DATA or isinstance(event, h11.ConnectionClosed):
                    return done
                if isinstance(event, h11.EndOfMessage):
                    done += 1
                    break
            if conn.our_state is not h11.DONE or conn.their_state is not h11.DONE:
                return done
            conn.start_next_cycle()
    except h11.ProtocolError:
        return done


def exchange(port, data, hang, complete=True, quiet=1.0):
    """Sends the bytes and reads until the server closes. The client half-closes (nothing more is
    coming) at once when it sent an incomplete request; after a complete one, only once every answer
    it expects is in, or the server has been quiet for `quiet` seconds: a half-close before that reads
    to the server as a client that went away (a sleep is then cancelled, rightly, with no answer)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=hang)
    received = bytearray()
    reset = False
    start = time.monotonic()
    expected = len(methods_of(data))
    half_closed = False

    def half_close():
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    try:
        try:
            sock.sendall(data)
            if not complete:
                half_close()
                half_closed = True
        except (BrokenPipeError, ConnectionResetError):
            pass                             # the server answered and closed before reading everything
        while True:
            sock.settimeout(hang if half_closed else quiet)
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                reset = True
                break
            except socket.timeout:
                if not half_closed:
                    half_close()
                    half_closed = True
                    continue
                raise Failure("no end of the connection within %.0f s (hang)" % hang)
            if not chunk:
                break
            received += chunk
            if not half_closed and answers_in(bytes(received)) >= expected:
                half_close()
                half_closed = True
            if time.monotonic() - start > hang:
                raise Failure("the connection was still open after %.0f s (hang)" % hang)
    finally:
        sock.close()
    return bytes(received), reset


def check(data, received, reset):
    """Parses every answer with h11; returns the statuses. Raises Failure on anything ill-formed."""
    conn = h11.Connection(our_role=h11.CLIENT)
    conn.receive_data(received)
    conn.receive_data(b"")  # EOF
    statuses = []
    methods = methods_of(data)
    for index in range(len(methods)):
        conn.send(h11.Request(method=methods[index], target="/", headers=[("Host", "localhost")]))
        conn.send(h11.EndOfMessage())
        response, body = None, bytearray()
        while True:
            try:
                event = conn.next_event()
            except h11.RemoteProtocolError as e:
                if response is None and "ConnectionClosed" in str(e) and index == len(statuses):
                    return statuses, reset   # closed with no (further) answer: nothing was cut short
                raise Failure("not a well-formed HTTP/1.1 answer: %s" % e)
            if event is h11.NEED_DATA:
                if response is None and index == len(statuses):
                    if received.count(b"HTTP/") > len(statuses):
                        raise Failure("bytes after the last complete answer: %r" % received[-200:])
                    return statuses, reset   # no answer: the server closed (checked by the caller)
                raise Failure("an answer is cut short")
            if isinstance(event, h11.InformationalResponse):
                continue
            if isinstance(event, h11.Response):
                response = event
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage):
                break
            elif isinstance(event, h11.ConnectionClosed):
                if response is None:
                    return statuses, reset
                break
        check_answer(response, bytes(body), methods[index])
        statuses.append(response.status_code)
        closing = any(n == b"connection" and b"close" in v.lower() for n, v in response.headers) \
            or response.http_version == b"1.0"
        if closing:
            try:
                after = conn.next_event()
            except h11.RemoteProtocolError:
                raise Failure("bytes after an answer with Connection: close")
            if not isinstance(after, h11.ConnectionClosed):
                raise Failure("no close after an answer with Connection: close (%r)" % (after,))
            if reset:
                raise Failure("the connection was reset after an answer with Connection: close (not a clean close)")
            return statuses, reset
        if conn.our_state is h11.DONE and conn.their_state is h11.DONE:
            conn.start_next_cycle()
        else:
            return statuses, reset
    return statuses, reset


# The protocol guard's refusals (ProtocolGuard, ErrorStyle.body): it closes after each, and says so.
GUARD_BODIES = {413: b"413 Request Entity Too Large: this server takes no request body that large\n",
                414: b"414 Request-URI Too Long: the request line is too long\n",
                431: b"431 Request Header Fields Too Large: the request's header fields are too large\n",
                505: b"505 HTTP Version Not Supported: this server speaks HTTP/1.0 and HTTP/1.1 only\n",
                400: b"400 Bad Request: the request is not well-formed HTTP/1.1\n"}


def check_answer(response, body, method):
    status = response.status_code
    headers = {}
    for name, value in response.headers:
        headers.setdefault(name.lower(), value)
    if status in (413, 414, 431, 505) or (status == 400 and body == GUARD_BODIES[400]):
        if b"close" not in headers.get(b"connection", b"").lower():
            raise Failure("a %d refusal without Connection: close" % status)
    if response.http_version not in (b"1.1", b"1.0"):
        raise Failure("status line version HTTP/%s" % response.http_version.decode())
    if status >= 500 and status != 505:
        raise Failure("a %d" % status)
    for name, value in HOUSE.items():
        if headers.get(name) != value:
            raise Failure("%d without %s: %s" % (status, name.decode(), value.decode()))
    if method == b"HEAD" or status == 304:
        if body:
            raise Failure("a body on a HEAD or 304 answer")
        return
    if status == 200:
        if body != HELLO:
            raise Failure("a 200 that is not the hello page: %r" % body[:200])
    elif status == 404:
        if body != NOT_FOUND:
            raise Failure("a 404 that is not the 404 page: %r" % body[:200])
    else:
        if not headers.get(b"content-type", b"").startswith(b"text/plain"):
            raise Failure("a %d that is not text/plain" % status)
        if headers.get(b"cache-control") != b"no-store":
            raise Failure("a %d without Cache-Control: no-store" % status)
        if not body.endswith(b"\n") or body.count(b"\n") != 1 or len(body) > 300:
            raise Failure("a %d whose body is not one line of text: %r" % (status, body[:200]))


def run_case(port, seed, index, hang):
    rng = random.Random("%d-%d" % (seed, index))
    generator = rng.choice(GENERATORS)
    data = generator(rng)
    start = time.monotonic()
    try:
        received, reset = exchange(port, data, hang, complete=generator is not case_truncated)
        statuses, reset = check(data, received, reset)
    except Failure as e:
        return index, generator.__name__, data, str(e), None, time.monotonic() - start
    except OSError as e:
        return index, generator.__name__, data, "socket error: %r" % e, None, time.monotonic() - start
    return index, generator.__name__, data, None, statuses, time.monotonic() - start


def good_get(port):
    received, reset = exchange(port, b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 10)
    statuses, _ = check(b"GET / \r\n\r\n", received, reset)
    if statuses != [200]:
        raise Failure("GET / after a batch answered %s" % statuses)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--only", type=int, default=None, help="replay one case of the seed")
    parser.add_argument("--hang", type=float, default=20.0, help="longest a connection may last (s)")
    parser.add_argument("--parallel", type=int, default=32)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    print("hostile: seed %d (replay: --seed %d), %d cases, %d at a time, port %d"
          % (seed, seed, args.count, args.parallel, args.port), flush=True)
    indices = [args.only] if args.only is not None else list(range(args.count))
    failures, per_kind, per_status, closed_silently = [], {}, {}, 0
    longest = 0.0
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.parallel) as pool:
        for first in range(0, len(indices), args.batch):
            batch = indices[first:first + args.batch]
            for index, kind, data, failure, statuses, took in pool.map(
                    lambda i: run_case(args.port, seed, i, args.hang), batch):
                per_kind[kind] = per_kind.get(kind, 0) + 1
                longest = max(longest, took)
                if failure:
                    failures.append((index, kind, data, failure))
                    continue
                if not statuses:
                    if kind not in SILENT_CLOSE_ALLOWED:
                        failures.append((index, kind, data, "closed with no answer to a complete request"))
                        continue
                    closed_silently += 1
                for status in statuses:
                    per_status[status] = per_status.get(status, 0) + 1
            try:
                good_get(args.port)
            except (Failure, OSError) as e:
                failures.append((-1, "GET / after batch", b"", str(e)))
    took = time.monotonic() - start
    print("hostile: %d cases in %.1f s; kinds %s" % (len(indices), took, dict(sorted(per_kind.items()))))
    print("hostile: answers by status %s; %d truncated requests closed with no answer; longest case %.2f s"
          % (dict(sorted(per_status.items())), closed_silently, longest))
    for index, kind, data, failure in failures[:20]:
        print("hostile FAILED case %d (%s): %s\n    sent %r" % (index, kind, failure, data[:300]))
    if failures:
        print("hostile: %d failures; replay one with --seed %d --only INDEX" % (len(failures), seed))
        sys.exit(1)
    print("hostile: all %d answers well-formed, no 5xx but 505, only the two pages served" % len(indices))


if __name__ == "__main__":
    main()
