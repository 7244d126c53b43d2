package io.github.ipvs4j.testkit.fidelity;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.testkit.Client;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The guest's test network for LVS-NAT: the director is the root namespace (every 192.0.2.0/24
 * address is local to it, so any of them can be a virtual address); namespace {@code fid-cl} holds
 * the clients' addresses ({@link ScenarioGenerator#CLIENT_ADDRESSES}) behind 203.0.113.1; namespace
 * {@code fid-rs} holds the real servers' addresses ({@link ScenarioGenerator#REAL_SERVER_ADDRESSES})
 * behind 198.51.100.1 and listens on ports 80 and 8080 of all of them.
 *
 * <p>Which real server took a connection is read from the accepted socket's local address (NAT
 * rewrites the destination to the real server's address and port), so no server needs an identity.
 * Every step waits until the director has seen its packets: an open until the real server accepted
 * (the director forwarded the handshake's last ACK, so the connection is ESTABLISHED there), a close
 * until the real server read end of file (the director forwarded the client's FIN, so the
 * connection is no longer active).
 */
final class GuestNetwork implements AutoCloseable {
    private static final String CLIENTS = "fid-cl";
    private static final String SERVERS = "fid-rs";
    private static final int TIMEOUT_MILLIS = 5000;

    private final ExecutorService clientThread;
    private final ExecutorService serverThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fidelity-server");
        t.setDaemon(true);
        return t;
    });
    private final List<ServerSocket> listeners = new ArrayList<>();
    /** Accepted server-side sockets by the client's address and port (NAT keeps the source). */
    private final Map<InetSocketAddress, CompletableFuture<Accepted>> accepted = new ConcurrentHashMap<>();

    /** A real server's side of a connection; {@code eof} completes when the client's FIN arrived. */
    private record Accepted(Socket socket, CompletableFuture<Void> eof) {
    }

    /** A client's open connection. */
    record Connection(Socket socket, InetSocketAddress realServer, CompletableFuture<Void> serverSawEof) {
    }

    private GuestNetwork() throws IOException, InterruptedException {
        clientThread = NetworkNamespaces.thread(CLIENTS);
        ExecutorService serverNamespace = NetworkNamespaces.thread(SERVERS);
        try {
            for (int port : ScenarioGenerator.REAL_SERVER_PORTS) {
                ServerSocket listener = serverNamespace.submit(() -> {
                    ServerSocket s = new ServerSocket();
                    s.setReuseAddress(true);
                    s.bind(new InetSocketAddress(port), 1024);
                    return s;
                }).get();
                listeners.add(listener);
                serverThreads.execute(() -> acceptLoop(listener));
            }
        } catch (ExecutionException e) {
            throw new IOException("cannot listen in namespace " + SERVERS, e.getCause());
        } finally {
            serverNamespace.shutdown();
        }
    }

    /** Builds the namespaces, links and addresses (removing leftovers of an earlier run) and starts the servers. */
    static GuestNetwork create() throws IOException, InterruptedException {
        teardown();
        StringBuilder script = new StringBuilder("""
                set -e
                sysctl -qw net.ipv4.ip_forward=1
                # IPVS answers a connection to a service without real servers with an ICMP port
                # unreachable; unlimited, so a refused client learns at once rather than after retries.
                sysctl -qw net.ipv4.icmp_ratelimit=0
                ip route add local 192.0.2.0/24 dev lo
                ip netns add fid-cl
                ip -n fid-cl link set lo up
                ip link add fidcl type veth peer name eth0 netns fid-cl
                ip addr add 203.0.113.1/24 dev fidcl
                ip link set fidcl up
                ip -n fid-cl link set eth0 up
                ip netns add fid-rs
                ip -n fid-rs link set lo up
                ip link add fidrs type veth peer name eth0 netns fid-rs
                ip addr add 198.51.100.1/24 dev fidrs
                ip link set fidrs up
                ip -n fid-rs link set eth0 up
                """);
        // One ip process per namespace: each start costs a good part of a second under TCG.
        script.append("ip -n fid-cl -batch - <<'EOF'\n");
        for (InetAddress a : ScenarioGenerator.CLIENT_ADDRESSES) {
            script.append("addr add ").append(Addresses.format(a)).append("/24 dev eth0\n");
        }
        script.append("route add default via 203.0.113.1\nEOF\n");
        script.append("ip -n fid-rs -batch - <<'EOF'\n");
        for (InetAddress a : ScenarioGenerator.REAL_SERVER_ADDRESSES) {
            script.append("addr add ").append(Addresses.format(a)).append("/24 dev eth0\n");
        }
        script.append("route add default via 198.51.100.1\nEOF\n");
        shell(script.toString());
        return new GuestNetwork();
    }

    /** Removes what {@link #create()} built; tolerates parts that do not exist. */
    static void teardown() throws IOException, InterruptedException {
        shell("""
                ip netns del fid-cl 2>/dev/null || true
                ip netns del fid-rs 2>/dev/null || true
                ip link del fidcl 2>/dev/null || true
                ip link del fidrs 2>/dev/null || true
                ip route del local 192.0.2.0/24 dev lo 2>/dev/null || true
                """);
    }

    /** Runs a bash script; fails with its output when it fails. */
    static String shell(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("script failed (status " + p.exitValue() + "):\n" + script + "\noutput:\n" + out);
        }
        return out;
    }

    private void acceptLoop(ServerSocket listener) {
        while (!listener.isClosed()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Accepted a = new Accepted(s, new CompletableFuture<>());
            accepted.computeIfAbsent((InetSocketAddress) s.getRemoteSocketAddress(), k -> new CompletableFuture<>())
                    .complete(a);
            serverThreads.execute(() -> serve(a));
        }
    }

    /** Reads until the client's FIN, then closes the server's side too. */
    private static void serve(Accepted a) {
        try (Socket s = a.socket(); InputStream in = s.getInputStream()) {
            while (in.read() >= 0) {
                // the clients send nothing; only end of file matters
            }
            a.eof().complete(null);
        } catch (IOException e) {
            a.eof().completeExceptionally(e);
        }
    }

    /**
     * Opens a TCP connection from the client's address and port and waits until a real server
     * accepted it.
     *
     * @return the connection, or empty when the director refused it (no real server available)
     */
    Optional<Connection> open(Client client) throws IOException, InterruptedException {
        InetSocketAddress source = new InetSocketAddress(client.address(), client.port());
        Socket socket;
        try {
            socket = clientThread.submit(() -> connect(source, client)).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConnectException) {
                return Optional.empty();
            }
            if (e.getCause() instanceof SocketTimeoutException) {
                throw new IOException(client + ": neither accepted nor refused within " + TIMEOUT_MILLIS + " ms");
            }
            throw new IOException(client + ": " + e.getCause(), e.getCause());
        }
        Accepted a;
        try {
            a = accepted.computeIfAbsent(source, k -> new CompletableFuture<>()).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            socket.close();
            throw new IOException(client + ": connected, but no real server accepted it within " + TIMEOUT_MILLIS + " ms");
        } finally {
            accepted.remove(source);
        }
        InetSocketAddress realServer = new InetSocketAddress(a.socket().getLocalAddress(), a.socket().getLocalPort());
        return Optional.of(new Connection(socket, realServer, a.eof()));
    }

    private static Socket connect(InetSocketAddress source, Client client) throws IOException {
        Socket s = new Socket();
        try {
            s.setReuseAddress(true);
            s.bind(source);
            s.connect(new InetSocketAddress(client.virtualAddress(), client.virtualPort()), TIMEOUT_MILLIS);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Closes the client's side and waits until the real server saw the FIN. */
    void close(Connection c) throws IOException, InterruptedException {
        c.socket().close();
        try {
            c.serverSawEof().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the real server " + c.realServer() + " did not see the close of "
                    + c.socket().getLocalSocketAddress() + " within " + TIMEOUT_MILLIS + " ms", e);
        }
    }

    /**
     * Aborts the client's side (RST) without waiting: for a connection whose real server was removed,
     * whose packets the director drops.
     */
    void abort(Connection c) throws IOException {
        c.socket().setSoLinger(true, 0);
        c.socket().close();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (ServerSocket s : listeners) {
            s.close();
        }
        clientThread.shutdownNow();
        serverThreads.shutdownNow();
        teardown();
    }
}
