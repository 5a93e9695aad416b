#!/usr/bin/python3
"""Opens COUNT connections, sends one GET /sleep?seconds=S on each, prints "sent" once every request is
written, then reads every answer with h11 and prints the tally as JSON: ok (200 with the hello page),
"503 fast Retry-After" (a 503 within a second of its request, with Retry-After), other statuses, and
lost (a connection closed or reset with no complete answer).

    /usr/bin/python3 scripts/reliability/drain.py --port 8080 --count 1000 --seconds 2
"""
import argparse
import asyncio
import json
import os
import sys

import h11

PAGE = open(os.path.join(os.path.dirname(__file__), "..", "..", "src", "main", "resources", "pages", "hello.html"),
            "rb").read()


async def one(port, target, sent, go, timeout):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    conn = h11.Connection(our_role=h11.CLIENT)
    writer.write(conn.send(h11.Request(method="GET", target=target, headers=[("Host", "localhost")])))
    writer.write(conn.send(h11.EndOfMessage()))
    await writer.drain()
    written = asyncio.get_running_loop().time()
    sent.append(1)
    await go.wait()
    status, body = None, bytearray()
    try:
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                data = await asyncio.wait_for(reader.read(65536), timeout)
                conn.receive_data(data)
                continue
            if isinstance(event, h11.Response):
                status = event.status_code
                took = asyncio.get_running_loop().time() - written
                retry_after = any(name == b"retry-after" for name, _ in event.headers)
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
                break
    except (h11.RemoteProtocolError, ConnectionError, asyncio.TimeoutError) as e:
        return "lost: %s" % type(e).__name__
    finally:
        writer.close()
    if status is None:
        return "lost: closed"
    if status == 200:
        return "ok" if bytes(body) == PAGE else "200 with another body"
    if status == 503:
        return "503" + (" fast" if took < 1.0 else " slow") + (" Retry-After" if retry_after else "")
    return str(status)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seconds", default="2")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    sent, go = [], asyncio.Event()
    tasks = [asyncio.create_task(one(args.port, "/sleep?seconds=" + args.seconds, sent, go, args.timeout))
             for _ in range(args.count)]
    while len(sent) < args.count and not any(t.done() for t in tasks):
        await asyncio.sleep(0.01)
    print("sent %d" % len(sent), flush=True)
    go.set()
    tally = {}
    for result in await asyncio.gather(*tasks, return_exceptions=True):
        key = result if isinstance(result, str) else "lost: %s" % type(result).__name__
        tally[key] = tally.get(key, 0) + 1
    print(json.dumps(tally, sort_keys=True), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
