package io.github.ipvs4j.rules;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.TunnelChecksum;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A small seeded generator of tables that ipvsadm can restore: what the rules format must round-trip.
 * (ipvs-testkit has the project's general generators; ipvs-api's tests cannot depend on it.)
 */
final class ConfigGenerator {
    /** System property that replays one seed, e.g. {@code -Dipvs4j.seed=1234}. */
    static final String SEED_PROPERTY = "ipvs4j.seed";

    private final SplittableRandom random;
    private final boolean thresholds;

    ConfigGenerator(long seed, boolean thresholds) {
        this.random = new SplittableRandom(seed);
        this.thresholds = thresholds;
    }

    /** The seeds to run: the one given by the system property, or {@code count} fresh ones. */
    static long[] seeds(int count) {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed != null) {
            return new long[] {Long.parseLong(fixed)};
        }
        long base = System.nanoTime();
        long[] seeds = new long[count];
        for (int i = 0; i < count; i++) {
            seeds[i] = base + i;
        }
        return seeds;
    }

    IpvsConfig config() {
        int n = random.nextInt(6);
        List<ServiceConfig> services = new ArrayList<>();
        Set<ServiceKey> keys = new HashSet<>();
        while (services.size() < n) {
            VirtualService s = service();
            if (keys.add(s.key())) {
                services.add(new ServiceConfig(s, realServers(s.key())));
            }
        }
        return new IpvsConfig(services);
    }

    VirtualService service() {
        boolean persistent = random.nextInt(3) == 0;
        ServiceKey key = key(persistent);
        Scheduler scheduler = random.nextInt(5) == 0 ? new Scheduler(name(1 + random.nextInt(15)))
                : Scheduler.BUILT_IN.get(random.nextInt(Scheduler.BUILT_IN.size()));
        VirtualService.Builder b = VirtualService.builder(key).scheduler(scheduler);
        Set<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
        for (SchedulerFlag f : SchedulerFlag.values()) {
            if (random.nextInt(4) == 0) {
                flags.add(f);
            }
        }
        b.schedulerFlags(flags);
        if (persistent) {
            b.persistence(1 + random.nextInt(random.nextBoolean() ? 3600 : Integer.MAX_VALUE));
            if (random.nextBoolean()) {
                b.persistencePrefixLength(key.family() == AddressFamily.INET ? random.nextInt(33)
                        : 1 + random.nextInt(128));
            }
            if (random.nextInt(4) == 0) {
                b.persistenceEngine(random.nextBoolean() ? "sip" : name(1 + random.nextInt(15)));
            }
        }
        // ipvsadm takes -o only for UDP and firewall-mark services.
        boolean opsAllowed = !(key instanceof ServiceKey.Address a) || a.protocol() == Protocol.UDP;
        b.onePacket(opsAllowed && random.nextBoolean());
        return b.build();
    }

    private ServiceKey key(boolean persistent) {
        AddressFamily family = random.nextBoolean() ? AddressFamily.INET : AddressFamily.INET6;
        if (random.nextInt(4) == 0) {
            long mark = random.nextBoolean() ? 1 + random.nextInt(100) : 1 + random.nextLong(0xFFFF_FFFFL);
            return ServiceKey.fwmark(mark, family);
        }
        Protocol p = Protocol.values()[random.nextInt(3)];
        // ipvsadm refuses port 0 without persistence.
        int port = persistent && random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(65535);
        return ServiceKey.of(p, address(family), port);
    }

    List<RealServer> realServers(ServiceKey key) {
        int n = random.nextInt(5);
        List<RealServer> servers = new ArrayList<>();
        Set<InetSocketAddress> endpoints = new HashSet<>();
        while (servers.size() < n) {
            RealServer rs = realServer(key);
            if (endpoints.add(rs.endpoint())) {
                servers.add(rs);
            }
        }
        return servers;
    }

    RealServer realServer(ServiceKey key) {
        ForwardingMethod fwd;
        switch (random.nextInt(4)) {
            case 0: fwd = ForwardingMethod.DR; break;
            case 1: fwd = ForwardingMethod.NAT; break;
            default: fwd = tunnel(); break;
        }
        AddressFamily family = fwd instanceof ForwardingMethod.Tunnel && random.nextInt(3) == 0
                ? (key.family() == AddressFamily.INET ? AddressFamily.INET6 : AddressFamily.INET) : key.family();
        int port = random.nextInt(65536);
        // ipvsadm gives DR and tunnelled servers of an address service the service's port.
        if (key instanceof ServiceKey.Address a && !(fwd instanceof ForwardingMethod.Masquerade)) {
            port = a.port();
        }
        RealServer.Builder b = RealServer.builder(address(family), port).forwarding(fwd)
                .weight(random.nextBoolean() ? random.nextInt(100) : random.nextInt(Integer.MAX_VALUE));
        if (thresholds && random.nextBoolean()) {
            int upper = random.nextInt(Integer.MAX_VALUE);
            b.thresholds(random.nextBoolean() ? 0 : random.nextInt(upper + 1), upper);
        }
        return b.build();
    }

    private ForwardingMethod tunnel() {
        switch (random.nextInt(3)) {
            case 0:
                return ForwardingMethod.tunnel();
            case 1:
                return ForwardingMethod.gue(1 + random.nextInt(65535))
                        .withChecksum(TunnelChecksum.values()[random.nextInt(3)]);
            default:
                return ForwardingMethod.gre().withChecksum(TunnelChecksum.values()[random.nextInt(2)]);
        }
    }

    /** Mostly documentation ranges; sometimes any address, including mapped and compatible IPv6 ones. */
    InetAddress address(AddressFamily family) {
        byte[] b = new byte[family == AddressFamily.INET ? 4 : 16];
        if (random.nextInt(4) == 0) {
            random.nextBytes(b);
            if (family == AddressFamily.INET6 && random.nextInt(3) == 0) {
                // ::ffff:a.b.c.d or ::a.b.c.d, which glibc prints with a dotted quad
                for (int i = 0; i < 10; i++) {
                    b[i] = 0;
                }
                b[10] = b[11] = (byte) (random.nextBoolean() ? 0xff : 0);
            }
            return Addresses.fromBytes(b);
        }
        if (family == AddressFamily.INET) {
            int[][] nets = {{192, 0, 2}, {198, 51, 100}, {203, 0, 113}};
            int[] net = nets[random.nextInt(3)];
            return Addresses.parse(net[0] + "." + net[1] + "." + net[2] + "." + random.nextInt(256));
        }
        StringBuilder sb = new StringBuilder("2001:db8:");
        int groups = random.nextInt(4);
        for (int i = 0; i < groups; i++) {
            sb.append(Integer.toHexString(random.nextInt(0x10000))).append(':');
        }
        sb.append(':').append(Integer.toHexString(random.nextInt(0x10000)));
        return Addresses.parse(sb.toString());
    }

    private String name(int length) {
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789_";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(chars.charAt(random.nextInt(chars.length())));
        }
        return sb.toString();
    }
}
