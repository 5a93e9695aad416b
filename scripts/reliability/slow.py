#!/usr/bin/python3
"""Slow clients: SLOW connections that trickle a request head one byte a second (slowloris) and IDLE
kept-alive connections that made one request (answered 200) and then wait. Prints "ready" once all are open, then
reports as JSON when the server cut each slow connection (seconds after it opened) and whether every
idle connection still serves a second request at the end (the head deadline must not touch them).

    /usr/bin/python3 scripts/reliability/slow.py --port 8080 --slow 1000 --idle 1000 --deadline 10
"""
import argparse
import asyncio
import json
import statistics

import h11


async def idle(port, conns):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    await writer.drain()
    conn = h11.Connection(our_role=h11.CLIENT)
    conn.send(h11.Request(method="GET", target="/", headers=[("Host", "localhost")]))
    conn.send(h11.EndOfMessage())
    if await read_response(reader, conn) == 200:
        conns.append((reader, writer, conn))   # the others count as idle connections not serving


async def read_response(reader, conn):
    status = None
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            data = await asyncio.wait_for(reader.read(65536), 10)
            conn.receive_data(data)
            if not data:
                return None
            continue
        if isinstance(event, h11.Response):
            status = event.status_code
        if isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
            return status


async def second_request(reader, writer, conn):
    try:
        conn.start_next_cycle()
        writer.write(conn.send(h11.Request(method="GET", target="/", headers=[("Host", "localhost")])))
        conn.send(h11.EndOfMessage())
        await writer.drain()
        return await read_response(reader, conn) == 200
    except (ConnectionError, h11.RemoteProtocolError, asyncio.TimeoutError):
        return False
    finally:
        writer.close()


async def slowloris(port, cuts, limit):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    start = asyncio.get_running_loop().time()
    head = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"s" * 4000
    read = asyncio.create_task(reader.read(1))
    try:
        for byte in head:
            if read.done():
                break
            writer.write(bytes([byte]))
            try:
                await writer.drain()
            except ConnectionError:
                break
            await asyncio.wait([read], timeout=1.0)
            if asyncio.get_running_loop().time() - start > limit:
                cuts.append(None)
                return
        if not read.done():
            await asyncio.wait([read], timeout=limit)
        cuts.append(asyncio.get_running_loop().time() - start if read.done() else None)
    except ConnectionError:
        cuts.append(asyncio.get_running_loop().time() - start)
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--slow", type=int, default=1000)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--deadline", type=float, default=10)
    args = parser.parse_args()
    idles, cuts = [], []
    await asyncio.gather(*(idle(args.port, idles) for _ in range(args.idle)))
    slow = [asyncio.create_task(slowloris(args.port, cuts, args.deadline + 20)) for _ in range(args.slow)]
    await asyncio.sleep(0.5)
    print("ready", flush=True)
    await asyncio.gather(*slow)
    alive = await asyncio.gather(*(second_request(*c) for c in idles))
    times = sorted(t for t in cuts if t is not None)
    print(json.dumps({
        "slow": args.slow, "slow_cut": len(times),
        "cut_after_s": {"min": round(times[0], 2), "median": round(statistics.median(times), 2),
                        "max": round(times[-1], 2)} if times else None,
        "idle": args.idle, "idle_first_200": len(idles), "idle_still_serving": sum(alive)}), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
