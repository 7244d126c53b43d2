package io.github.ipvs4j.testkit.gen;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.Persistence;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.testkit.Client;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generators of valid IPVS values on documentation address ranges (192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24, 2001:db8::/32): services, real servers, whole configurations, change sequences and
 * client traffic.
 *
 * <p>Values are drawn from small pools (a few virtual addresses and ports, a few real servers) so that
 * generated operation sequences collide: they create what exists, remove what does not, and so
 * exercise the kernel's refusals as well as its successes.
 */
public final class IpvsGenerators {
    private IpvsGenerators() {
    }

    /**
     * Virtual IPv4 addresses: a pool of four in 192.0.2.0/24.
     *
     * @return a generator of 192.0.2.1..192.0.2.4, uniformly
     */
    public static Gen<InetAddress> virtualIpv4() {
        return r -> v4(192, 0, 2, 1 + r.nextInt(4));
    }

    /**
     * Virtual IPv6 addresses: a pool of two in 2001:db8::/32.
     *
     * @return a generator of 2001:db8::1 and 2001:db8::2, uniformly
     */
    public static Gen<InetAddress> virtualIpv6() {
        return r -> Addresses.parse("2001:db8::" + (1 + r.nextInt(2)));
    }

    /**
     * Real server IPv4 addresses: a pool of eight in 198.51.100.0/24.
     *
     * @return a generator of 198.51.100.11..198.51.100.18, uniformly
     */
    public static Gen<InetAddress> realIpv4() {
        return r -> v4(198, 51, 100, 11 + r.nextInt(8));
    }

    /**
     * Real server IPv6 addresses: a pool of four in 2001:db8:1::/64.
     *
     * @return a generator of 2001:db8:1::11..2001:db8:1::14, uniformly
     */
    public static Gen<InetAddress> realIpv6() {
        return r -> Addresses.parse("2001:db8:1::" + (11 + r.nextInt(4)));
    }

    /**
     * Client IPv4 addresses anywhere in 203.0.113.0/24.
     *
     * @return a generator of 203.0.113.0..203.0.113.255, uniformly
     */
    public static Gen<InetAddress> clientIpv4() {
        return r -> v4(203, 0, 113, r.nextInt(256));
    }

    /**
     * Client IPv6 addresses anywhere in 2001:db8:2::/48.
     *
     * @return a generator of addresses in 2001:db8:2::/48, uniformly
     */
    public static Gen<InetAddress> clientIpv6() {
        return r -> {
            byte[] b = Addresses.parse("2001:db8:2::").getAddress();
            for (int i = 6; i < 16; i++) {
                b[i] = (byte) r.nextInt(256);
            }
            return Addresses.fromBytes(b);
        };
    }

    /**
     * Client source ports: ephemeral, 1024..65535.
     *
     * @return a generator of 1024..65535, uniformly
     */
    public static Gen<Integer> clientPorts() {
        return Gen.ints(1024, 65535);
    }

    private static InetAddress v4(int a, int b, int c, int d) {
        return Addresses.fromBytes(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }

    /**
     * Service keys: mostly IPv4 TCP/UDP on ports 80 and 443, some SCTP, IPv6 and firewall marks.
     *
     * @return a generator of keys on {@link #virtualIpv4()} and {@link #virtualIpv6()} (ports 80 and 443)
     *     and of firewall marks 1..3
     */
    public static Gen<ServiceKey> serviceKeys() {
        return r -> {
            int kind = r.nextInt(10);
            if (kind == 0) {
                return ServiceKey.fwmark(1 + r.nextInt(3), r.nextInt(4) == 0 ? AddressFamily.INET6 : AddressFamily.INET);
            }
            InetAddress vip = kind == 1 ? virtualIpv6().generate(r) : virtualIpv4().generate(r);
            Protocol p = kind == 2 ? Protocol.SCTP : r.nextBoolean() ? Protocol.TCP : Protocol.UDP;
            return ServiceKey.of(p, vip, r.nextBoolean() ? 80 : 443);
        };
    }

    /**
     * Flags for {@code scheduler}: any subset of {@link SchedulerFlag#FALLBACK} and
     * {@link SchedulerFlag#PORT} for the hashing schedulers {@code sh} and {@code mh}, which read them;
     * none for the others.
     *
     * @param scheduler the scheduler the flags are for
     * @return a generator of flag sets: for {@code sh} and {@code mh} each of the two flags with
     *     probability 1/2, for any other scheduler always the empty set
     * @throws NullPointerException if {@code scheduler} is null
     */
    public static Gen<Set<SchedulerFlag>> schedulerFlags(Scheduler scheduler) {
        if (!scheduler.equals(Scheduler.SH) && !scheduler.equals(Scheduler.MH)) {
            return r -> Set.of();
        }
        return r -> {
            EnumSet<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
            if (r.nextBoolean()) {
                flags.add(SchedulerFlag.FALLBACK);
            }
            if (r.nextBoolean()) {
                flags.add(SchedulerFlag.PORT);
            }
            return flags;
        };
    }

    /**
     * Services with the given key, a scheduler from {@code schedulers} and random options: flags from
     * {@link #schedulerFlags(Scheduler)}, persistence for a quarter of them, one-packet scheduling for a
     * quarter of UDP services.
     *
     * @param key the services' key; must not be null (a null key fails when a value is drawn)
     * @param schedulers the schedulers to choose from, uniformly: at least one, none null
     * @return the generator
     * @throws NullPointerException if {@code schedulers} is null or holds a null
     * @throws IllegalArgumentException if {@code schedulers} is empty
     */
    public static Gen<VirtualService> virtualServices(ServiceKey key, List<Scheduler> schedulers) {
        Gen<Scheduler> scheduler = Gen.oneOf(schedulers);
        return r -> {
            Scheduler s = scheduler.generate(r);
            VirtualService.Builder b = VirtualService.builder(key).scheduler(s);
            b.schedulerFlags(schedulerFlags(s).generate(r));
            if (r.nextInt(4) == 0) {
                int bits = key.family().addressBits();
                b.persistence(new Persistence(1 + r.nextInt(600), r.nextBoolean() ? bits : bits - 8, Optional.empty()));
            }
            if (key instanceof ServiceKey.Address a && a.protocol() == Protocol.UDP && r.nextInt(4) == 0) {
                b.onePacket(true);
            }
            return b.build();
        };
    }

    /**
     * Services with keys from {@link #serviceKeys()}, as {@link #virtualServices(ServiceKey, List)} makes
     * them.
     *
     * @param schedulers the schedulers to choose from, uniformly: at least one, none null (checked when a
     *     value is drawn)
     * @return the generator
     */
    public static Gen<VirtualService> virtualServices(List<Scheduler> schedulers) {
        return serviceKeys().flatMap(k -> virtualServices(k, schedulers));
    }

    /**
     * Real servers for a service of the given family: weights 0..5 (mostly positive), some thresholds.
     * Addresses come from {@link #realIpv4()} or {@link #realIpv6()}, ports are 80 or 8080, forwarding is
     * NAT, direct routing or IPIP tunnelling.
     *
     * @param family the family of the service the real servers are for: {@link AddressFamily#INET} for
     *     IPv4 servers, any other value for IPv6 ones
     * @return the generator
     */
    public static Gen<RealServer> realServers(AddressFamily family) {
        Gen<InetAddress> address = family == AddressFamily.INET ? realIpv4() : realIpv6();
        return r -> {
            RealServer.Builder b = RealServer.builder(address.generate(r), r.nextBoolean() ? 8080 : 80)
                    .weight(r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(5))
                    .forwarding(r.nextBoolean() ? ForwardingMethod.NAT
                            : r.nextBoolean() ? ForwardingMethod.DR : ForwardingMethod.tunnel());
            if (r.nextInt(4) == 0) {
                int upper = 1 + r.nextInt(10);
                b.thresholds(r.nextBoolean() ? 0 : r.nextInt(upper + 1), upper);
            }
            return b.build();
        };
    }

    /**
     * A service with 0..{@code maxRealServers} distinct real servers.
     *
     * @param key the service's key
     * @param schedulers the schedulers to choose from, uniformly: at least one, none null
     * @param maxRealServers the most real servers to draw, 0 or more; a server drawn twice from the small
     *     pool is kept once, so a service has at most 16 (IPv4) or 8 (IPv6)
     * @return the generator
     * @throws NullPointerException if {@code key} or {@code schedulers} is null, or {@code schedulers}
     *     holds a null
     * @throws IllegalArgumentException if {@code schedulers} is empty
     */
    public static Gen<ServiceConfig> serviceConfigs(ServiceKey key, List<Scheduler> schedulers, int maxRealServers) {
        Gen<VirtualService> service = virtualServices(key, schedulers);
        Gen<RealServer> server = realServers(key.family());
        return r -> {
            VirtualService s = service.generate(r);
            Map<InetSocketAddress, RealServer> servers = new LinkedHashMap<>();
            int n = r.nextInt(maxRealServers + 1);
            for (int i = 0; i < n; i++) {
                RealServer rs = server.generate(r);
                servers.putIfAbsent(rs.endpoint(), rs);
            }
            return new ServiceConfig(s, new ArrayList<>(servers.values()));
        };
    }

    /**
     * Whole tables of up to {@code maxServices} services with distinct keys, each as
     * {@link #serviceConfigs(ServiceKey, List, int)} makes it.
     *
     * @param schedulers the schedulers to choose from, uniformly: at least one, none null (checked when a
     *     value is drawn)
     * @param maxServices the most services to draw, 0 or more; a key drawn twice is kept once
     * @param maxRealServers the most real servers to draw per service, 0 or more
     * @return the generator
     */
    public static Gen<IpvsConfig> ipvsConfigs(List<Scheduler> schedulers, int maxServices, int maxRealServers) {
        return r -> {
            Map<ServiceKey, ServiceConfig> out = new LinkedHashMap<>();
            int n = r.nextInt(maxServices + 1);
            for (int i = 0; i < n; i++) {
                ServiceKey key = serviceKeys().generate(r);
                if (!out.containsKey(key)) {
                    out.put(key, serviceConfigs(key, schedulers, maxRealServers).generate(r));
                }
            }
            return new IpvsConfig(new ArrayList<>(out.values()));
        };
    }

    /**
     * Single changes over the small pools: creates, edits and deletes of services and real servers,
     * many of which collide with what exists (or does not).
     *
     * @param schedulers the schedulers new and edited services choose from, uniformly: at least one, none
     *     null (checked when a value is drawn)
     * @return a generator of the six kinds of change, uniformly
     */
    public static Gen<Change> changes(List<Scheduler> schedulers) {
        return r -> {
            ServiceKey key = serviceKeys().generate(r);
            switch (r.nextInt(6)) {
                case 0: return new Change.CreateService(virtualServices(key, schedulers).generate(r));
                case 1: return new Change.UpdateService(virtualServices(key, schedulers).generate(r));
                case 2: return new Change.RemoveService(key);
                case 3: return new Change.CreateRealServer(key, realServers(key.family()).generate(r));
                case 4: return new Change.UpdateRealServer(key, realServers(key.family()).generate(r));
                default: return new Change.RemoveRealServer(key, realServers(key.family()).generate(r).endpoint());
            }
        };
    }

    /**
     * Change sequences biased to make things exist: creates and adds come twice as often as the
     * rest, so later steps find services and real servers to edit and remove.
     *
     * @param schedulers the schedulers new and edited services choose from, uniformly: at least one, none
     *     null (checked when a value is drawn)
     * @param maxLength the longest sequence, 0 or more; lengths are uniform in 0..{@code maxLength}
     * @return the generator of modifiable lists
     * @throws IllegalArgumentException if {@code maxLength} is negative
     */
    public static Gen<List<Change>> changeSequences(List<Scheduler> schedulers, int maxLength) {
        Gen<Change> any = changes(schedulers);
        Gen<Change> building = r -> {
            ServiceKey key = serviceKeys().generate(r);
            return r.nextBoolean() ? new Change.CreateService(virtualServices(key, schedulers).generate(r))
                    : new Change.CreateRealServer(key, realServers(key.family()).generate(r));
        };
        return Gen.<Change>oneOfGens(any, any, building).list(0, maxLength);
    }

    /**
     * Clients of {@code protocol} towards {@code virtualAddress:virtualPort} from random addresses: from
     * {@link #clientIpv4()} or {@link #clientIpv6()}, the virtual address's family, and
     * {@link #clientPorts()}, without firewall mark.
     *
     * @param protocol TCP, UDP or SCTP; must not be null (checked when a value is drawn)
     * @param virtualAddress the address the clients send to
     * @param virtualPort the port the clients send to, 0..65535 (checked when a value is drawn)
     * @return the generator
     * @throws io.github.ipvs4j.model.InvalidConfigurationException if {@code virtualAddress} is null
     */
    public static Gen<Client> clients(Protocol protocol, InetAddress virtualAddress, int virtualPort) {
        Gen<InetAddress> address = AddressFamily.of(virtualAddress) == AddressFamily.INET ? clientIpv4() : clientIpv6();
        return r -> new Client(protocol, address.generate(r), clientPorts().generate(r), virtualAddress, virtualPort, 0);
    }

    /**
     * Clients towards an address service, as {@link #clients(Protocol, InetAddress, int)} makes them.
     *
     * @param service the service's key, which gives protocol, virtual address and port
     * @return the generator
     * @throws NullPointerException if {@code service} is null
     */
    public static Gen<Client> clients(ServiceKey.Address service) {
        return clients(service.protocol(), service.address(), service.port());
    }

    /**
     * A fresh random source for a seed: handy with {@link Gen#generate(SplittableRandom)}.
     *
     * @param seed the seed, any value
     * @return a new source, in the same state for the same seed
     */
    public static SplittableRandom random(long seed) {
        return new SplittableRandom(seed);
    }
}
