package io.github.ipvs4j.netlink;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.Persistence;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.TunnelChecksum;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Random;

/**
 * Seeded random model values covering every attribute the codec handles. The seed is printed; replay
 * a run with {@code -Dipvs4j.seed=N}.
 */
final class ModelGenerator {
    final long seed;
    final Random random;

    ModelGenerator(String testName) {
        String fixed = System.getProperty("ipvs4j.seed");
        seed = fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
        System.out.println(testName + ": seed " + seed + " (replay with -Dipvs4j.seed=" + seed + ")");
        random = new Random(seed);
    }

    int between(int min, int max) {
        return min + (int) Math.floorMod(random.nextLong(), (long) max - min + 1);
    }

    /** Edge values appear often: 0, 1 and the maximum. */
    int intEdgy(int max) {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> max;
            case 2 -> 1;
            default -> between(0, max);
        };
    }

    long longEdgy() {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -1L; // 2^64 - 1 as unsigned
            default -> random.nextLong();
        };
    }

    InetAddress address(AddressFamily family) {
        byte[] b = new byte[family == AddressFamily.INET ? 4 : 16];
        random.nextBytes(b);
        return Addresses.fromBytes(b);
    }

    AddressFamily family() {
        return random.nextBoolean() ? AddressFamily.INET : AddressFamily.INET6;
    }

    ServiceKey serviceKey() {
        AddressFamily family = family();
        if (random.nextInt(4) == 0) {
            return ServiceKey.fwmark(1 + Math.floorMod(random.nextLong(), 0xFFFF_FFFFL), family);
        }
        Protocol protocol = Protocol.values()[random.nextInt(3)];
        return ServiceKey.of(protocol, address(family), intEdgy(65535));
    }

    VirtualService service() {
        ServiceKey key = serviceKey();
        EnumSet<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
        for (SchedulerFlag f : SchedulerFlag.values()) {
            if (random.nextBoolean()) {
                flags.add(f);
            }
        }
        Optional<Persistence> persistence = Optional.empty();
        if (random.nextBoolean()) {
            int bits = key.family().addressBits();
            int prefix = key.family() == AddressFamily.INET ? between(0, 32) : between(1, 128);
            if (random.nextBoolean()) {
                prefix = bits;
            }
            Optional<String> engine = random.nextInt(4) == 0 ? Optional.of("sip") : Optional.empty();
            persistence = Optional.of(new Persistence(Math.max(1, intEdgy(Integer.MAX_VALUE)), prefix, engine));
        }
        Scheduler scheduler = Scheduler.BUILT_IN.get(random.nextInt(Scheduler.BUILT_IN.size()));
        return new VirtualService(key, scheduler, flags, persistence, random.nextBoolean());
    }

    ForwardingMethod forwarding() {
        return switch (random.nextInt(6)) {
            case 0 -> ForwardingMethod.DR;
            case 1 -> ForwardingMethod.NAT;
            case 2 -> ForwardingMethod.tunnel();
            case 3 -> ForwardingMethod.gue(between(1, 65535))
                    .withChecksum(TunnelChecksum.values()[random.nextInt(3)]);
            case 4 -> ForwardingMethod.gre().withChecksum(random.nextBoolean() ? TunnelChecksum.NONE
                    : TunnelChecksum.CHECKSUM);
            default -> random.nextBoolean() ? ForwardingMethod.LOCAL : ForwardingMethod.BYPASS;
        };
    }

    RealServer realServer(AddressFamily serviceFamily) {
        ForwardingMethod fwd = forwarding();
        AddressFamily family = fwd instanceof ForwardingMethod.Tunnel ? family() : serviceFamily;
        int upper = intEdgy(Integer.MAX_VALUE);
        int lower = upper == 0 ? 0 : between(0, upper);
        return new RealServer(address(family), intEdgy(65535), intEdgy(Integer.MAX_VALUE), fwd, upper, lower);
    }

    Stats stats() {
        return new Stats(longEdgy(), longEdgy(), longEdgy(), longEdgy(), longEdgy(), longEdgy(), longEdgy(),
                longEdgy(), longEdgy(), longEdgy());
    }

    SyncDaemon syncDaemon() {
        SyncDaemon.Role role = random.nextBoolean() ? SyncDaemon.Role.MASTER : SyncDaemon.Role.BACKUP;
        Optional<InetAddress> group = Optional.empty();
        if (random.nextBoolean()) {
            byte[] b = random.nextBoolean() ? new byte[] {(byte) 239, 1, 2, (byte) random.nextInt(256)}
                    : new byte[] {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) random.nextInt(256)};
            group = Optional.of(Addresses.fromBytes(b));
        }
        return new SyncDaemon(role, "eth" + random.nextInt(10), intEdgy(255), intEdgy(65535), group,
                intEdgy(65535), intEdgy(255));
    }
}
