import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A burst of N connections opened at once, one {@code GET} each ({@code Connection: close}), never
 * a reconnect: what a load balancer does to a pod when it sends a crowd of slow requests together.
 * One thread, one selector, so it costs its CPU little and measures the server, not itself.
 * <p>
 * Latency is from the connect() call to the last byte of the response: SYN retransmits after a
 * listen-queue overflow show up in it (and in {@code conn_*}, the time the connect took).
 * <p>
 * Usage: {@code java bench/SleepBurst.java HOST PORT PATH N [TIMEOUT_S]}. Prints one line:
 * {@code SLEEPBURST n=.. ok=.. non200=.. errors=.. err_kinds=.. lat_p50_s=.. lat_p99_s=.. lat_max_s=.. conn_p99_ms=.. wall_s=..}
 */
public final class SleepBurst {

    private static final class Conn {
        final SocketChannel channel;
        final long start = System.nanoTime();
        long connected;
        ByteBuffer in;
        ByteBuffer out;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private final List<Double> latencies = new ArrayList<>();
    private final List<Double> connects = new ArrayList<>();
    private final Map<String, Integer> errors = new TreeMap<>();
    private int ok;
    private int non200;
    private int open;

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: java SleepBurst.java HOST PORT PATH N [TIMEOUT_S]");
            System.exit(2);
        }
        InetSocketAddress address = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        byte[] request = ("GET " + args[2] + " HTTP/1.1\r\nHost: " + args[0] + ":" + args[1]
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        int n = Integer.parseInt(args[3]);
        long timeout = (long) (Double.parseDouble(args.length > 4 ? args[4] : "30") * 1e9);
        new SleepBurst().run(address, request, n, timeout);
    }

    private void run(InetSocketAddress address, byte[] request, int n, long timeout) throws IOException {
        Selector selector = Selector.open();
        long begin = System.nanoTime();
        List<Conn> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            Conn conn = new Conn(channel);
            all.add(conn);
            open++;
            try {
                if (channel.connect(address)) {
                    connected(conn, request, selector);
                } else {
                    channel.register(selector, SelectionKey.OP_CONNECT, conn);
                }
            } catch (IOException e) {
                fail(conn, "connect");
            }
            if ((i & 255) == 255) {
                poll(selector, request, 0);
            }
        }
        long deadline = begin + timeout;
        while (open > 0 && System.nanoTime() < deadline) {
            poll(selector, request, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        for (Conn conn : all) {
            if (conn.channel.isOpen()) {
                fail(conn, "timeout");
            }
        }
        double wall = (System.nanoTime() - begin) / 1e9;
        double[] lat = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] con = connects.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        StringBuilder kinds = new StringBuilder();
        errors.forEach((k, v) -> kinds.append(kinds.length() == 0 ? "" : ",").append(k).append(':').append(v));
        System.out.printf("SLEEPBURST n=%d ok=%d non200=%d errors=%d err_kinds=%s lat_p50_s=%.3f lat_p99_s=%.3f "
                + "lat_max_s=%.3f conn_p99_ms=%.1f conn_max_ms=%.1f wall_s=%.3f%n",
                n, ok, non200, errors.values().stream().mapToInt(Integer::intValue).sum(),
                kinds.length() == 0 ? "-" : kinds, pct(lat, 50), pct(lat, 99), pct(lat, 100),
                pct(con, 99) * 1000, pct(con, 100) * 1000, wall);
    }

    private void poll(Selector selector, byte[] request, long millis) throws IOException {
        if (millis == 0) {
            selector.selectNow();
        } else {
            selector.select(millis);
        }
        for (SelectionKey key : selector.selectedKeys()) {
            Conn conn = (Conn) key.attachment();
            try {
                if (key.isConnectable()) {
                    conn.channel.finishConnect();
                    connected(conn, request, selector);
                } else if (key.isWritable()) {
                    write(conn, selector);
                } else if (key.isReadable()) {
                    read(conn);
                }
            } catch (IOException e) {
                fail(conn, conn.connected == 0 ? "connect" : "read");
            }
        }
        selector.selectedKeys().clear();
    }

    private void connected(Conn conn, byte[] request, Selector selector) throws IOException {
        conn.connected = System.nanoTime();
        connects.add((conn.connected - conn.start) / 1e9);
        conn.out = ByteBuffer.wrap(request);
        write(conn, selector);
    }

    private void write(Conn conn, Selector selector) throws IOException {
        conn.channel.write(conn.out);
        conn.channel.register(selector, conn.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ, conn);
    }

    private void read(Conn conn) throws IOException {
        if (conn.in == null) {
            conn.in = ByteBuffer.allocate(2048);
        }
        if (!conn.in.hasRemaining()) {
            conn.in = ByteBuffer.allocate(conn.in.capacity() * 2).put(conn.in.flip());
        }
        int read = conn.channel.read(conn.in);
        int status = complete(conn.in, read < 0);
        if (status > 0) {
            latencies.add((System.nanoTime() - conn.start) / 1e9);
            if (status == 200) {
                ok++;
            } else {
                non200++;
            }
            close(conn);
        } else if (read < 0) {
            fail(conn, conn.in.position() == 0 ? "eof" : "short");
        }
    }

    /** The status code once the whole response is in (by Content-Length, or at EOF), else 0. */
    private static int complete(ByteBuffer in, boolean eof) {
        byte[] bytes = Arrays.copyOf(in.array(), in.position());
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0 || bytes.length < 12 || !text.startsWith("HTTP/1.")) {
            return 0;
        }
        int status = Integer.parseInt(text.substring(9, 12));
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                return bytes.length >= end + 4 + Integer.parseInt(line.substring(15).trim()) ? status : 0;
            }
        }
        return eof ? status : 0;
    }

    private void fail(Conn conn, String kind) {
        errors.merge(kind, 1, Integer::sum);
        close(conn);
    }

    private void close(Conn conn) {
        try {
            conn.channel.close();
        } catch (IOException ignored) {
            // closing a socket we are done with: nothing to report
        }
        open--;
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.round(p / 100.0 * (sorted.length - 1));
        return sorted[Math.min(i, sorted.length - 1)];
    }
}
