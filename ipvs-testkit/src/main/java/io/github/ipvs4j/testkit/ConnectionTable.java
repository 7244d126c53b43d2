package io.github.ipvs4j.testkit;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.Connection;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.Persistence;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.testkit.scheduler.Destination;
import io.github.ipvs4j.testkit.scheduler.Packet;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The fake kernel's connection table, as the kernel's {@code ip_vs_conn.c} and the scheduling half of
 * {@code ip_vs_core.c}: connections and persistence templates, their states and timers, and how a
 * client's packet is scheduled onto a real server of the service the {@link ControlPlane} finds.
 * Expiring the last connection of a removed real server tells the control plane, which keeps it in
 * its trash until then.
 *
 * <p>Not thread-safe on its own: every call runs under the lock of the {@link FakeKernel} that owns
 * it, which also checks that the kernel is open.
 */
final class ConnectionTable {
    private static final long TIME_WAIT_MILLIS = 120_000;
    private static final long SCTP_ESTABLISHED_MILLIS = 900_000;
    private static final long SCTP_CLOSED_MILLIS = 10_000;
    /** How often a template that still controls connections is checked again. */
    private static final long TEMPLATE_RECHECK_MILLIS = 60_000;

    private final ControlPlane control;
    private final KernelClock clock;
    private final Map<ConnectionEntry.Key, ConnectionEntry> hashed = new HashMap<>();
    private final Map<Long, ConnectionEntry> byId = new HashMap<>();
    private final TreeSet<ConnectionEntry> timers = new TreeSet<>(
            Comparator.comparingLong((ConnectionEntry c) -> c.expiresAt).thenComparingLong(c -> c.id));
    private long nextId = 1;

    /**
     * An empty table.
     *
     * @param control the control plane whose services the table schedules onto
     * @param clock the kernel's clock, which the table moves as it expires entries
     */
    ConnectionTable(ControlPlane control, KernelClock clock) {
        this.control = control;
        this.clock = clock;
    }

    /** The connections and templates in the table. */
    int size() {
        return timers.size();
    }

    /** The connections and address templates, soonest to expire first, as the kernel lists them. */
    List<Connection> list() {
        long now = clock.millis();
        List<Connection> out = new ArrayList<>();
        for (ConnectionEntry c : timers) {
            if (c.protocol == 0) {
                continue; // firewall-mark templates have no TCP/UDP/SCTP protocol to report
            }
            out.add(new Connection(Protocol.ofNumber(c.protocol), c.clientAddress, c.clientPort, c.virtualAddress,
                    c.virtualPort, c.realAddress, c.realPort, c.state.kernelName(),
                    Math.max(0, c.expiresAt - now) / 1000));
        }
        return out;
    }

    /**
     * Moves the clock forward by {@code millis}, expiring connections and templates whose time has
     * come, in order, and freeing trashed real servers as their trash period ends.
     */
    void advance(long millis) {
        long target = clock.millis() + millis;
        while (!timers.isEmpty() && timers.first().expiresAt <= target) {
            ConnectionEntry c = timers.pollFirst();
            clock.moveTo(Math.max(clock.millis(), c.expiresAt));
            expire(c);
            control.collectTrash();
        }
        clock.moveTo(target);
        control.collectTrash();
    }

    /** See {@link FakeKernel#connect(Client)}. */
    ConnectResult connect(Client client) {
        ConnectionEntry.Key key = new ConnectionEntry.Key(false, client.protocol().number(), client.address(),
                client.port(), client.virtualAddress(), client.virtualPort());
        ConnectionEntry existing = hashed.get(key);
        if (existing != null && newConnectionExpected(existing)) {
            expireNow(existing);
            existing = null;
        }
        if (existing != null) {
            if (!existing.dest.available()) {
                return new ConnectResult(client, ConnectResult.Outcome.DROPPED, Optional.empty(),
                        new ConnectionHandle(0));
            }
            established(existing);
            return new ConnectResult(client, ConnectResult.Outcome.EXISTING_CONNECTION,
                    Optional.of(new InetSocketAddress(existing.realAddress, existing.realPort)),
                    new ConnectionHandle(existing.id));
        }
        ServiceEntry svc = control.findService(client);
        if (svc == null) {
            return new ConnectResult(client, ConnectResult.Outcome.NO_SERVICE, Optional.empty(),
                    new ConnectionHandle(0));
        }
        ConnectionEntry c = svc.definition.isPersistent() ? schedulePersistent(svc, client) : schedule(svc, client);
        if (c == null) {
            return new ConnectResult(client, ConnectResult.Outcome.NO_REAL_SERVER, Optional.empty(),
                    new ConnectionHandle(0));
        }
        svc.connections++;
        c.dest.countConnection();
        InetSocketAddress target = new InetSocketAddress(c.realAddress, c.realPort);
        if (svc.definition.onePacket() && client.protocol() == Protocol.UDP) {
            // One-packet scheduling: the entry is released as soon as the datagram is forwarded.
            expire(c);
            return new ConnectResult(client, ConnectResult.Outcome.SCHEDULED, Optional.of(target),
                    new ConnectionHandle(0));
        }
        hashed.put(key, c);
        byId.put(c.id, c);
        established(c);
        return new ConnectResult(client, ConnectResult.Outcome.SCHEDULED, Optional.of(target),
                new ConnectionHandle(c.id));
    }

    /** {@code is_new_conn_expected}: a new TCP/SCTP connection may replace a closed, uncontrolled one. */
    private static boolean newConnectionExpected(ConnectionEntry c) {
        if (c.control != null) {
            return false;
        }
        if (c.protocol == Protocol.TCP.number()) {
            return c.state == ConnectionState.TIME_WAIT || c.state == ConnectionState.CLOSE;
        }
        return c.protocol == Protocol.SCTP.number() && c.state == ConnectionState.CLOSED;
    }

    private static Packet packet(Client c) {
        return new Packet(c.address(), c.port(), c.virtualAddress(), c.virtualPort());
    }

    private ConnectionEntry schedule(ServiceEntry svc, Client client) {
        if (!svc.firewallMark() && client.virtualPort() != svc.port()) {
            return null; // a port-0 service schedules only with persistence
        }
        Destination dest = svc.scheduler.schedule(svc, packet(client));
        if (dest == null) {
            return null;
        }
        return newConnection(client, dest, dest.port() != 0 ? dest.port() : client.virtualPort());
    }

    // ---- persistence templates ----------------------------------------------------------------------

    /** {@code ip_vs_sched_persist}: the client's template picks the real server, or a new one is made. */
    private ConnectionEntry schedulePersistent(ServiceEntry svc, Client client) {
        VirtualService def = svc.definition;
        Persistence p = def.persistence().orElseThrow();
        InetAddress network = mask(client.address(), p.prefixLength());
        int protocol = client.protocol().number();
        InetAddress vaddr = client.virtualAddress();
        int vport = 0;
        boolean portMatches = client.virtualPort() == svc.port();
        if (portMatches) {
            if (svc.port() != ControlPlane.FTP_PORT) {
                vport = client.virtualPort();
            }
        } else if (svc.firewallMark()) {
            protocol = 0;
            vaddr = markAddress(((ServiceKey.FirewallMark) def.key()).mark());
        }
        ConnectionEntry.Key tkey = new ConnectionEntry.Key(true, protocol, network, 0, vaddr, vport);
        ConnectionEntry template = hashed.get(tkey);
        Destination dest;
        if (template == null || !templateUsable(template)) {
            dest = svc.scheduler.schedule(svc, packet(client));
            if (dest == null) {
                return null;
            }
            int tport = portMatches && svc.port() != ControlPlane.FTP_PORT ? dest.port() : 0;
            template = new ConnectionEntry(nextId++, protocol, client.family(), network, 0, vaddr, vport, dest, tport,
                    true, !(dest.config().forwarding() instanceof ForwardingMethod.Masquerade));
            template.state = ConnectionState.NONE;
            template.timeoutMillis = p.timeoutSeconds() * 1000L;
            dest.bind(true, false);
            hashed.put(tkey, template);
        } else {
            dest = template.dest;
        }
        int dport = client.virtualPort();
        if (dport == svc.port() && dest.port() != 0) {
            dport = dest.port();
        }
        ConnectionEntry c = newConnection(client, dest, dport);
        c.control = template;
        template.controlled++;
        // Using the template restarts its timer.
        arm(template, clock.millis() + template.timeoutMillis);
        return c;
    }

    /** {@code ip_vs_check_template}: a template of a removed real server is invalidated. */
    private boolean templateUsable(ConnectionEntry template) {
        if (template.dest.available()) {
            return true;
        }
        hashed.remove(template.key());
        template.invalidated = true;
        template.clientPort = 0;
        template.virtualPort = 0xffff;
        template.realPort = 0xffff;
        return false;
    }

    private static InetAddress markAddress(long mark) {
        return Addresses.fromBytes(new byte[] {(byte) (mark >>> 24), (byte) (mark >>> 16), (byte) (mark >>> 8),
                (byte) mark});
    }

    private static InetAddress mask(InetAddress address, int prefixLength) {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
            b[i] &= (byte) (0xff00 >>> keep);
        }
        return Addresses.fromBytes(b);
    }

    // ---- states and timers --------------------------------------------------------------------------

    private ConnectionEntry newConnection(Client client, Destination dest, int realPort) {
        ConnectionEntry c = new ConnectionEntry(nextId++, client.protocol().number(), client.family(), client.address(),
                client.port(), client.virtualAddress(), client.virtualPort(), dest, realPort, false,
                !(dest.config().forwarding() instanceof ForwardingMethod.Masquerade));
        c.state = ConnectionState.NONE;
        dest.bind(false, true); // new connections start inactive until their state says otherwise
        return c;
    }

    /** A packet from the client on an open connection: established again, timer restarted. */
    private void established(ConnectionEntry c) {
        if (c.protocol == Protocol.UDP.number()) {
            c.state = ConnectionState.UDP;
            c.timeoutMillis = control.timeouts().udp() * 1000L;
        } else {
            boolean tcp = c.protocol == Protocol.TCP.number();
            c.state = ConnectionState.ESTABLISHED;
            c.timeoutMillis = tcp ? control.timeouts().tcp() * 1000L : SCTP_ESTABLISHED_MILLIS;
            if (c.inactive) {
                c.inactive = false;
                c.dest.setActive(true);
            }
        }
        arm(c, clock.millis() + c.timeoutMillis);
    }

    /** See {@link FakeKernel#disconnect(ConnectionHandle)}. */
    boolean disconnect(ConnectionHandle handle) {
        ConnectionEntry c = byId.get(handle.id());
        if (c == null) {
            return false;
        }
        if (c.protocol == Protocol.UDP.number() || c.state != ConnectionState.ESTABLISHED) {
            return true;
        }
        if (c.protocol == Protocol.TCP.number()) {
            c.state = c.noOutput ? ConnectionState.FIN_WAIT : ConnectionState.TIME_WAIT;
            c.timeoutMillis = c.noOutput ? control.timeouts().tcpFin() * 1000L : TIME_WAIT_MILLIS;
        } else {
            c.state = ConnectionState.CLOSED;
            c.timeoutMillis = SCTP_CLOSED_MILLIS;
        }
        c.inactive = true;
        c.dest.setActive(false);
        arm(c, clock.millis() + c.timeoutMillis);
        return true;
    }

    /** See {@link FakeKernel#touch(ConnectionHandle)}. */
    boolean touch(ConnectionHandle handle) {
        ConnectionEntry c = byId.get(handle.id());
        if (c == null) {
            return false;
        }
        if (c.dest.available()) {
            established(c);
        }
        return true;
    }

    private void arm(ConnectionEntry c, long expiresAt) {
        timers.remove(c);
        c.expiresAt = expiresAt;
        timers.add(c);
    }

    private void expireNow(ConnectionEntry c) {
        timers.remove(c);
        expire(c);
    }

    /** {@code ip_vs_conn_expire}: a template controlling connections waits another minute. */
    private void expire(ConnectionEntry c) {
        if (c.controlled > 0) {
            c.timeoutMillis = TEMPLATE_RECHECK_MILLIS;
            arm(c, clock.millis() + TEMPLATE_RECHECK_MILLIS);
            return;
        }
        timers.remove(c);
        if (!c.invalidated) {
            hashed.remove(c.key(), c);
        }
        byId.remove(c.id);
        if (c.control != null) {
            c.control.controlled--;
        }
        c.dest.unbind(c.template, c.inactive);
        if (!c.dest.referenced()) {
            control.destinationIdle(c.dest);
        }
    }
}
