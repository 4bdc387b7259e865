package io.leadflow.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback in front of one port (PostgreSQL, the broker), so a scenario can make the network slow and
 * lossy and then heal it. It passes traffic straight through until {@link #degrade} is called: then every forwarded
 * chunk waits a random latency, and every {@code cutEvery} one live connection is reset (RST, as a dropped link or
 * a firewall would). A thread per direction and connection: a few hundred connections at most in this suite.
 */
final class TcpProxy implements AutoCloseable {

    private final String name;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final Thread cutter;
    private volatile boolean open = true;
    private volatile long minDelayNanos;
    private volatile long maxDelayNanos;
    private volatile long cutEveryNanos;
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong cut = new AtomicLong();

    TcpProxy(String name, int targetPort) {
        this.name = name;
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("proxy " + name, e);
        }
        acceptor = daemon("proxy-" + name + "-accept", this::accept);
        cutter = daemon("proxy-" + name + "-cut", this::cutNowAndThen);
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on: {@code min} to {@code max} latency per chunk, a live connection reset every {@code cutEvery}. */
    void degrade(Duration min, Duration max, Duration cutEvery) {
        minDelayNanos = min.toNanos();
        maxDelayNanos = max.toNanos();
        cutEveryNanos = cutEvery.toNanos();
        LockSupport.unpark(cutter);
    }

    /** Straight through again; connections that survived stay up. */
    void heal() {
        cutEveryNanos = 0;
        minDelayNanos = 0;
        maxDelayNanos = 0;
    }

    int liveConnections() {
        return links.size();
    }

    private void accept() {
        while (open) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (open) {
                    continue;
                }
                return;
            }
            accepted.incrementAndGet();
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
            } catch (IOException e) {
                // The target is down (a scenario stopped it): the client sees its connection closed.
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            Link link = new Link(client, upstream);
            links.add(link);
            daemon("proxy-" + name + "-up", () -> link.pump(client, upstream));
            daemon("proxy-" + name + "-down", () -> link.pump(upstream, client));
        }
    }

    private void cutNowAndThen() {
        while (open) {
            long every = cutEveryNanos;
            if (every <= 0) {
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                continue;
            }
            LockSupport.parkNanos(every);
            List<Link> live = List.copyOf(links);
            if (cutEveryNanos > 0 && !live.isEmpty()) {
                live.get(ThreadLocalRandom.current().nextInt(live.size())).reset();
                cut.incrementAndGet();
            }
        }
    }

    /** One client connection and its upstream twin. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        private int pumping = 2;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[64 * 1024];
            try {
                // Not closed here: closing a socket's stream closes the socket, and the other direction may go on.
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    long max = maxDelayNanos;
                    if (max > 0) {
                        long min = minDelayNanos;
                        LockSupport.parkNanos(min + ThreadLocalRandom.current().nextLong(Math.max(1, max - min)));
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
                // A clean end of one direction is passed on as such (PostgreSQL's Terminate, a client's close).
                to.shutdownOutput();
            } catch (IOException e) {
                reset();
            } finally {
                done();
            }
        }

        private synchronized void done() {
            if (--pumping == 0) {
                closeQuietly(client);
                closeQuietly(upstream);
                links.remove(this);
            }
        }

        /** An abrupt end: both sides get a reset, not a clean close. */
        void reset() {
            for (Socket socket : List.of(client, upstream)) {
                try {
                    socket.setSoLinger(true, 0);
                } catch (SocketException ignored) {
                    // already closed
                }
                closeQuietly(socket);
            }
            links.remove(this);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    @Override
    public void close() {
        open = false;
        closeQuietly(server);
        links.forEach(Link::reset);
        LockSupport.unpark(cutter);
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
