package io.github.ipvs4j.testkit.fidelity;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.Persistence;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.testkit.Client;
import io.github.ipvs4j.testkit.gen.Gen;
import io.github.ipvs4j.testkit.gen.IpvsGenerators;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates {@link Scenario}s that real TCP traffic can play in the guest's network: NAT real servers
 * from {@link #REAL_SERVER_ADDRESSES} on ports 80 and 8080, clients from {@link #CLIENT_ADDRESSES},
 * each client address and port used once per run: scenario slot {@code k} (1..254) has the virtual
 * address 192.0.2.k and the client ports {@code p} with {@code (p - 1024) % 254 == k - 1}. A client
 * endpoint used twice would meet its earlier connection (in the client's TIME_WAIT, the director's
 * table, or a real server's socket the director no longer forwards to) and not be a new connection.
 * Traffic opens connections (about 58% of steps), closes open ones (35%), edits real servers' weights,
 * removes real servers and adds them back or adds new ones.
 *
 * <p>Nothing in a scenario depends on timers: persistence lasts longer than any scenario runs, and
 * closed connections stay in the table (TIME_WAIT, 120 s) until the scenario ends.
 */
final class ScenarioGenerator {
    /** The real servers' addresses: all live in one namespace, which listens on ports 80 and 8080. */
    static final List<InetAddress> REAL_SERVER_ADDRESSES = range("198.51.100.", 11, 8);
    /** The ports the real servers listen on. */
    static final List<Integer> REAL_SERVER_PORTS = List.of(80, 8080);
    /** The clients' addresses: all live in one namespace. */
    static final List<InetAddress> CLIENT_ADDRESSES = range("203.0.113.", 10, 32);
    /** The virtual service's port. */
    static final int VIRTUAL_PORT = 80;
    /** Persistence timeout: long enough that no template expires while a scenario plays. */
    static final int PERSISTENCE_SECONDS = 900;

    /** How many scenarios a run can have: one virtual address in 192.0.2.0/24 each. */
    static final int SLOTS = 254;

    private final Scheduler scheduler;
    private final int slot;
    private final InetAddress virtualAddress;
    private final int steps;

    /**
     * @param scheduler the service's scheduler
     * @param slot the scenario's place in the run, 1..254: its virtual address and client ports
     * @param steps how many steps a scenario has
     */
    ScenarioGenerator(Scheduler scheduler, int slot, int steps) {
        if (slot < 1 || slot > SLOTS) {
            throw new IllegalArgumentException("scenario slot " + slot + " is not in 1.." + SLOTS);
        }
        this.scheduler = scheduler;
        this.slot = slot;
        this.virtualAddress = Addresses.parse("192.0.2." + slot);
        this.steps = steps;
    }

    private static List<InetAddress> range(String prefix, int first, int count) {
        List<InetAddress> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(Addresses.parse(prefix + (first + i)));
        }
        return List.copyOf(out);
    }

    /** The scenario for {@code seed}. */
    Scenario generate(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ServiceConfig service = service(r);
        return new Scenario(seed, slot, service, steps(r, service.realServers()));
    }

    /** As a {@link Gen}, whose seeds are scenario seeds. */
    Gen<Scenario> gen() {
        return r -> generate(r.nextLong());
    }

    private ServiceConfig service(SplittableRandom r) {
        VirtualService.Builder b = VirtualService.builder(io.github.ipvs4j.model.ServiceKey.of(Protocol.TCP,
                virtualAddress, VIRTUAL_PORT)).scheduler(scheduler);
        b.schedulerFlags(IpvsGenerators.schedulerFlags(scheduler).generate(r));
        if (r.nextInt(5) == 0) {
            // /28 puts the 32 client addresses into a few groups that share a template.
            b.persistence(new Persistence(PERSISTENCE_SECONDS, r.nextBoolean() ? 32 : 28, Optional.empty()));
        }
        Map<InetSocketAddress, RealServer> servers = new LinkedHashMap<>();
        int n = 1 + r.nextInt(5);
        while (servers.size() < n) {
            RealServer rs = realServer(r, pick(r, REAL_SERVER_ADDRESSES), pick(r, REAL_SERVER_PORTS));
            servers.putIfAbsent(rs.endpoint(), rs);
        }
        return new ServiceConfig(b.build(), new ArrayList<>(servers.values()));
    }

    private static RealServer realServer(SplittableRandom r, InetAddress address, int port) {
        RealServer.Builder b = RealServer.builder(address, port).forwarding(ForwardingMethod.NAT).weight(weight(r));
        if (r.nextInt(6) == 0) {
            int upper = 2 + r.nextInt(19);
            b.thresholds(r.nextBoolean() ? 0 : r.nextInt(upper + 1), upper);
        }
        return b.build();
    }

    /** Mostly positive, sometimes 0 (which most schedulers skip). */
    private static int weight(SplittableRandom r) {
        return r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(5);
    }

    private List<Step> steps(SplittableRandom r, List<RealServer> realServers) {
        List<Step> out = new ArrayList<>(steps);
        List<Integer> open = new ArrayList<>();
        Set<InetSocketAddress> usedClients = new HashSet<>();
        List<RealServer> present = new ArrayList<>(realServers);
        List<RealServer> removed = new ArrayList<>();
        int connections = 0;
        while (out.size() < steps) {
            int dice = r.nextInt(100);
            if (dice < 35) {
                if (!open.isEmpty()) {
                    out.add(new Step.Close(open.remove(r.nextInt(open.size()))));
                }
            } else if (dice < 38) {
                if (!present.isEmpty()) {
                    int i = r.nextInt(present.size());
                    RealServer edited = present.get(i).toBuilder().weight(weight(r)).build();
                    present.set(i, edited);
                    out.add(new Step.Edit(edited));
                }
            } else if (dice < 40) {
                // Rarely the last one: then every connection is refused until one comes back.
                if (present.size() > 1 || (!present.isEmpty() && r.nextInt(4) == 0)) {
                    RealServer gone = present.remove(r.nextInt(present.size()));
                    removed.add(gone);
                    out.add(new Step.Remove(gone.endpoint()));
                }
            } else if (dice < 42 || (present.isEmpty() && dice < 50)) {
                // Mostly one removed before (back from the trash, counters and all), else a new one.
                RealServer back = !removed.isEmpty() && r.nextInt(4) != 0
                        ? removed.remove(r.nextInt(removed.size())).toBuilder().weight(weight(r)).build()
                        : realServer(r, pick(r, REAL_SERVER_ADDRESSES), pick(r, REAL_SERVER_PORTS));
                if (present.stream().noneMatch(rs -> rs.endpoint().equals(back.endpoint()))) {
                    removed.removeIf(rs -> rs.endpoint().equals(back.endpoint()));
                    present.add(back);
                    out.add(new Step.Add(back));
                }
            } else {
                InetSocketAddress source;
                do {
                    int port = 1024 + slot - 1 + SLOTS * r.nextInt((65536 - 1024 - slot + 1 + SLOTS - 1) / SLOTS);
                    source = new InetSocketAddress(pick(r, CLIENT_ADDRESSES), port);
                } while (!usedClients.add(source));
                int id = connections++;
                open.add(id);
                out.add(new Step.Open(id, new Client(Protocol.TCP, source.getAddress(), source.getPort(),
                        virtualAddress, VIRTUAL_PORT, 0)));
            }
        }
        return out;
    }

    private static <T> T pick(SplittableRandom r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }
}
