package io.github.ipvs4j.preflight;

import io.github.ipvs4j.Host;
import io.github.ipvs4j.host.HostChange;
import io.github.ipvs4j.host.HostChangeException;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.InterfaceNotFoundException;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.RouteType;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.host.Sysctl;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Netmasks;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Whether a host is ready for its part in an LVS cluster, and what to change if it is not: what the
 * LVS tutorials set up by hand on the director and the real servers, as findings.
 *
 * <pre>{@code
 * Preflight dr = Preflight.builder(Role.REAL_SERVER, ForwardingMethod.DR).vip("192.0.2.10").build();
 * try (Host host = Host.open()) {
 *     PreflightReport report = dr.check(host);   // e.g. "error  VIP 192.0.2.10 is not on this host, ..."
 *     if (!report.ready()) {
 *         dr.fix(host);                            // adds the VIP on lo, sets arp_ignore and arp_announce
 *     }
 * }
 * }</pre>
 *
 * <p>What it checks, by role and forwarding method:
 * <ul>
 *   <li>DR real server: each VIP on the loopback interface as a host address (/32, /128) and on no
 *       other interface; for IPv4 VIPs, {@code arp_ignore} at least 1 and {@code arp_announce} 2 in
 *       effect on every interface that does ARP (or only on {@code interfaceName}), fixed through
 *       {@code all}.
 *   <li>TUN real server: the tunnel ({@code interfaceName}, else {@code tunl0} or {@code ip6tnl0})
 *       present and up, each VIP on it (or on the loopback interface) and on no other, {@code rp_filter}
 *       0 in effect on it, and ARP as for DR.
 *   <li>NAT real server: nothing to set on the host itself (its default route must be the director).
 *   <li>Director: each VIP on a non-loopback interface ({@code interfaceName} if given; the fix adds it
 *       there, or on the interface whose network holds it), reported with where it is; {@code proxy_arp}
 *       off on the VIP's interface (advice); each real server of its table routable, and on a directly
 *       connected network for DR; for NAT, IPv4 ({@code ip_forward}) and IPv6 forwarding on; for NAT,
 *       {@code send_redirects} 0 on {@code all}, on the interfaces to the real servers and (advice) on
 *       {@code default}, and for DR the same as advice (IPVS forwards DR traffic without the kernel's
 *       forwarding, which is what sends redirects); advice to set {@code expire_nodest_conn} (and
 *       {@code expire_quiescent_template} with persistent services) when {@code ip_vs} is loaded.
 * </ul>
 *
 * <p>{@link #evaluate(HostState)} is a pure function of what was observed; {@link #check(Host)} observes
 * and evaluates; {@link #fix(Host)} applies the fixes of every finding that has one (errors and advice)
 * and checks again. Immutable and thread-safe.
 */
public final class Preflight {
    private enum Mode {
        DR, NAT, TUN
    }

    private final Role role;
    private final ForwardingMethod method;
    private final Mode mode;
    private final List<InetAddress> vips;
    private final Optional<String> interfaceName;
    private final IpvsConfig table;

    private Preflight(Builder b) {
        this.role = b.role;
        this.method = b.method;
        this.mode = b.mode;
        this.vips = List.copyOf(b.vips);
        this.interfaceName = b.interfaceName;
        this.table = b.table;
    }

    /**
     * Starts a preflight.
     *
     * @param role director or real server
     * @param method {@link ForwardingMethod#DR}, {@link ForwardingMethod#NAT} or a tunnel
     * @return a builder
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if {@code method} is local or bypass
     */
    public static Builder builder(Role role, ForwardingMethod method) {
        return new Builder(role, method);
    }

    /**
     * The role checked.
     *
     * @return director or real server
     */
    public Role role() {
        return role;
    }

    /**
     * The forwarding method checked.
     *
     * @return DR, NAT or a tunnel
     */
    public ForwardingMethod method() {
        return method;
    }

    /**
     * The VIPs.
     *
     * @return them, in the order given, each once
     */
    public List<InetAddress> vips() {
        return vips;
    }

    /**
     * The interface named by the caller: for a director, the one that holds the VIPs; for a DR real
     * server, the one facing the director; for a TUN real server, the tunnel.
     *
     * @return the interface, or empty
     */
    public Optional<String> interfaceName() {
        return interfaceName;
    }

    /**
     * A director's table, whose real servers are checked.
     *
     * @return the table; empty for a real server or when none was given
     */
    public IpvsConfig table() {
        return table;
    }

    // ---- observing --------------------------------------------------------------------------------

    /**
     * The settings {@link #observe(Host)} reads on a host with these interfaces.
     *
     * @param links the host's interfaces
     * @return the settings, each once
     */
    public Set<Setting> settingsToRead(List<Link> links) {
        Set<Setting> settings = new LinkedHashSet<>();
        List<String> devices = new ArrayList<>(List.of(Setting.ALL, Setting.DEFAULT));
        links.forEach(l -> devices.add(l.name()));
        for (Sysctl s : List.of(Sysctl.ARP_IGNORE, Sysctl.ARP_ANNOUNCE, Sysctl.RP_FILTER, Sysctl.SEND_REDIRECTS,
                Sysctl.PROXY_ARP)) {
            devices.forEach(d -> settings.add(Setting.of(s, d)));
        }
        settings.add(Setting.of(Sysctl.IP_FORWARD));
        settings.add(Setting.all(Sysctl.IPV6_FORWARDING));
        settings.add(Setting.of(Sysctl.VS_EXPIRE_NODEST_CONN));
        settings.add(Setting.of(Sysctl.VS_EXPIRE_QUIESCENT_TEMPLATE));
        return settings;
    }

    /**
     * The addresses whose routes {@link #observe(Host)} looks up: a director's real servers.
     *
     * @return them, each once, in the table's order
     */
    public Set<InetAddress> routesToLookUp() {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        for (ServiceConfig sc : table.services()) {
            sc.realServers().forEach(rs -> addresses.add(rs.address()));
        }
        return addresses;
    }

    /**
     * Reads what the findings depend on from a host: its interfaces, addresses, the settings of
     * {@link #settingsToRead} and the routes of {@link #routesToLookUp}.
     *
     * @param host the host
     * @return what was observed
     * @throws NullPointerException if {@code host} is null
     * @throws InterfaceNotFoundException if {@link #interfaceName()} names no interface of the host
     * @throws InvalidConfigurationException if a TUN real server's named tunnel carries the other family
     *     than a VIP (e.g. an IPv6 VIP on {@code tunl0})
     * @throws IpvsException if the host cannot be read
     */
    public HostState observe(Host host) {
        Objects.requireNonNull(host, "host");
        List<Link> links = host.listLinks();
        interfaceName.ifPresent(name -> {
            if (links.stream().noneMatch(l -> l.name().equals(name)) && !(role == Role.REAL_SERVER
                    && mode == Mode.TUN)) {
                throw new InterfaceNotFoundException("preflight: no such interface " + name, 0,
                        IpvsOperation.LIST_LINKS, name);
            }
        });
        if (role == Role.REAL_SERVER && mode == Mode.TUN && interfaceName.isPresent()) {
            links.stream().filter(l -> l.name().equals(interfaceName.get())).findFirst()
                    .ifPresent(this::checkTunnelFamily);
        }
        List<InterfaceAddress> addresses = host.listAddresses();
        Map<Setting, Integer> settings = host.readSettings(settingsToRead(links));
        Map<InetAddress, Optional<Route>> routes = new LinkedHashMap<>();
        for (InetAddress a : routesToLookUp()) {
            routes.put(a, host.route(a));
        }
        return new HostState(links, addresses, settings, routes);
    }

    /** An IPv6 VIP cannot come out of an {@code ipip} tunnel ({@code ip6tnl} carries IPv4 too). */
    private void checkTunnelFamily(Link tunnel) {
        if (!tunnel.kind().equals(Optional.of("ipip"))) {
            return;
        }
        for (InetAddress vip : vips) {
            if (vip instanceof Inet6Address) {
                throw new InvalidConfigurationException("vip", Addresses.format(vip), "an IPv4 address: "
                        + tunnel.name() + " is an ipip tunnel, which carries IPv4 only");
            }
        }
    }

    /**
     * Observes a host and evaluates it.
     *
     * @param host the host
     * @return the findings
     * @throws NullPointerException if {@code host} is null
     * @throws InterfaceNotFoundException if {@link #interfaceName()} names no interface of the host
     * @throws InvalidConfigurationException if a VIP's family does not fit the named tunnel
     * @throws IpvsException if the host cannot be read
     */
    public PreflightReport check(Host host) {
        return evaluate(observe(host));
    }

    /**
     * Checks a host, applies the fixes of its findings (errors and advice, in order) and checks again.
     *
     * @param host the host
     * @return the findings before, the changes made and the findings after
     * @throws NullPointerException if {@code host} is null
     * @throws HostChangeException if a change fails: it names the changes made, the one that failed and
     *     those not tried
     * @throws IpvsException if the host cannot be read
     */
    public PreflightFix fix(Host host) {
        PreflightReport before = check(host);
        List<HostChange> changes = before.fixes();
        host.apply(changes);
        return new PreflightFix(before, changes, check(host));
    }

    // ---- evaluating -------------------------------------------------------------------------------

    /**
     * The findings for an observed host: a pure function of {@code state}.
     *
     * @param state what was observed
     * @return the findings, in the order of the checks
     * @throws NullPointerException if {@code state} is null
     */
    public PreflightReport evaluate(HostState state) {
        Objects.requireNonNull(state, "state");
        List<Finding> out = new ArrayList<>();
        if (role == Role.REAL_SERVER) {
            switch (mode) {
                case DR -> {
                    String lo = loopbackName(state);
                    vips.forEach(vip -> hostedOn(state, vip, lo, List.of(lo), out,
                            "a DR real server accepts the director's packets for the VIP only if the VIP is"
                                    + " its own, and must never answer ARP for it: on " + lo
                                    + " as a host address it is both"));
                    arp(state, out);
                }
                case TUN -> {
                    vips.forEach(vip -> tunnel(state, vip, out));
                    arp(state, out);
                }
                case NAT -> out.add(new Finding(Severity.OK, "NAT real server", "-",
                        "nothing to set on this host", "its replies must return through the director, so its"
                        + " default route must point to the director", List.of()));
                default -> throw new AssertionError(mode);
            }
        } else {
            vips.forEach(vip -> directorVip(state, vip, out));
            Set<String> towardsRealServers = realServers(state, out);
            if (mode == Mode.NAT || usesNat()) {
                forwarding(state, out);
            }
            if (mode != Mode.TUN || usesNat() || usesDr()) {
                sendRedirects(state, towardsRealServers, out);
            }
            proxyArp(state, out);
            ipvsAdvice(state, out);
        }
        return new PreflightReport(out);
    }

    private static String loopbackName(HostState state) {
        return state.links().stream().filter(Link::loopback).map(Link::name).findFirst().orElse("lo");
    }

    /**
     * The VIP as a host address on {@code target} (or on another of {@code accepted}), with no wider
     * prefix on a loopback or accepted interface, and on no other interface.
     */
    private void hostedOn(HostState state, InetAddress vip, String target, List<String> accepted, List<Finding> out,
            String reason) {
        String subject = "VIP " + Addresses.format(vip);
        InterfaceAddress wanted = InterfaceAddress.host(target, vip);
        List<InterfaceAddress> found = state.find(vip);
        Optional<InterfaceAddress> good = found.stream()
                .filter(a -> accepted.contains(a.interfaceName()) && a.prefixLength() == wanted.prefixLength())
                .findFirst();
        boolean added = false;
        if (good.isPresent()) {
            out.add(new Finding(Severity.OK, subject, good.get().toString(), good.get().toString(), reason, List.of()));
        } else if (found.stream().noneMatch(a -> wide(state, a, accepted, wanted))) {
            out.add(new Finding(Severity.ERROR, subject, found.isEmpty() ? "not on this host" : where(found),
                    wanted.toString(), reason, List.of(new HostChange.AddAddress(wanted))));
            added = true;
        }
        for (InterfaceAddress a : found) {
            if (wide(state, a, accepted, wanted)) {
                List<HostChange> fix = new ArrayList<>(List.of(new HostChange.RemoveAddress(a)));
                if (good.isEmpty() && !added) {
                    fix.add(new HostChange.AddAddress(wanted));
                    added = true;
                }
                out.add(new Finding(Severity.ERROR, subject + " on " + a.interfaceName(), a.toString(),
                        wanted.prefixLength() + "-bit prefix", "a prefix wider than a host address on "
                        + a.interfaceName() + " makes the whole network local to this host, which then cannot reach"
                        + " the rest of it", fix));
            } else if (!accepted.contains(a.interfaceName()) && !isLoopback(state, a.interfaceName())) {
                out.add(new Finding(Severity.ERROR, subject + " on " + a.interfaceName(), a.toString(),
                        "only on " + target, "on " + a.interfaceName() + " the VIP is announced to that network: this"
                        + " host would answer ARP for it and take the clients' traffic from the director",
                        List.of(new HostChange.RemoveAddress(a))));
            }
        }
    }

    /** An address of the VIP with a prefix wider than a host's on a loopback or accepted interface. */
    private static boolean wide(HostState state, InterfaceAddress a, List<String> accepted, InterfaceAddress wanted) {
        return (accepted.contains(a.interfaceName()) || isLoopback(state, a.interfaceName()))
                && a.prefixLength() < wanted.prefixLength();
    }

    private static boolean isLoopback(HostState state, String name) {
        return state.link(name).map(Link::loopback).orElse(false);
    }

    private static String where(List<InterfaceAddress> found) {
        List<String> parts = new ArrayList<>();
        found.forEach(a -> parts.add(a.toString()));
        return String.join(", ", parts);
    }

    private void tunnel(HostState state, InetAddress vip, List<Finding> out) {
        boolean v4 = vip instanceof Inet4Address;
        String name = interfaceName.orElse(v4 ? "tunl0" : "ip6tnl0");
        Optional<Link> link = state.link(name);
        if (link.isEmpty()) {
            out.add(new Finding(Severity.ERROR, "tunnel " + name, "missing", "present", "an LVS-TUN real server"
                    + " takes the director's " + (v4 ? "IP-in-IP" : "IPv6-in-IPv6") + " packets apart on " + name
                    + ", which the kernel creates when the " + (v4 ? "ipip" : "ip6_tunnel") + " module loads"
                    + " (modprobe " + (v4 ? "ipip" : "ip6_tunnel") + ")", List.of()));
            return;
        }
        if (!link.get().up()) {
            out.add(new Finding(Severity.ERROR, "tunnel " + name, "down", "up", "a tunnel that is down drops the"
                    + " director's packets", List.of(new HostChange.SetLinkUp(name, true))));
        }
        String lo = loopbackName(state);
        hostedOn(state, vip, name, List.of(name, lo), out, "the packets that come out of the tunnel are for the"
                + " VIP, which this host accepts only if it is its own: on " + name + " (or " + lo + ") as a host"
                + " address, never announced to a network");
        if (v4) {
            for (String device : List.of(Setting.ALL, name)) {
                Setting s = Setting.of(Sysctl.RP_FILTER, device);
                OptionalInt v = state.value(s);
                if (v.isPresent() && v.getAsInt() != 0 && !named(out, s)) {
                    out.add(new Finding(Severity.ERROR, s.name(), Integer.toString(v.getAsInt()), "0",
                            "the packets out of " + name + " come from clients this host reaches by another"
                                    + " interface, which reverse-path filtering drops; the kernel applies the larger"
                                    + " of all and " + name, List.of(new HostChange.WriteSetting(s, 0))));
                }
            }
        }
    }

    private static boolean named(List<Finding> out, Setting s) {
        return out.stream().anyMatch(f -> f.subject().equals(s.name()));
    }

    /** arp_ignore and arp_announce on a DR or TUN real server with an IPv4 VIP. */
    private void arp(HostState state, List<Finding> out) {
        if (vips.stream().noneMatch(v -> v instanceof Inet4Address)) {
            return;
        }
        List<String> devices = new ArrayList<>();
        if (mode == Mode.DR && interfaceName.isPresent()) {
            devices.add(interfaceName.get());
        } else {
            state.links().stream().filter(l -> !l.loopback() && !l.noArp()).forEach(l -> devices.add(l.name()));
        }
        arpSetting(state, out, devices, Sysctl.ARP_IGNORE, 1, "1 or more", "with 0 this host answers ARP requests"
                + " for every address it has, the VIP included, and takes the clients' traffic from the director");
        arpSetting(state, out, devices, Sysctl.ARP_ANNOUNCE, 2, "2", "below 2 this host may name the VIP as the"
                + " sender of its own ARP requests, and its neighbours then send the VIP's traffic to it");
    }

    private static void arpSetting(HostState state, List<Finding> out, List<String> devices, Sysctl sysctl,
            int needed, String neededText, String reason) {
        List<String> short_ = new ArrayList<>();
        int lowest = Integer.MAX_VALUE;
        for (String d : devices) {
            OptionalInt v = state.effective(sysctl, d);
            if (v.isPresent() && v.getAsInt() < needed) {
                short_.add(d);
                lowest = Math.min(lowest, v.getAsInt());
            }
        }
        if (short_.isEmpty()) {
            return;
        }
        Setting all = Setting.all(sysctl);
        out.add(new Finding(Severity.ERROR, all.name(), state.value(all).getAsInt() + " (in effect on "
                + String.join(", ", short_) + ": " + lowest + ")", neededText, reason + "; the kernel applies the"
                + " larger of all and the interface's value", List.of(new HostChange.WriteSetting(all, needed))));
    }

    private void directorVip(HostState state, InetAddress vip, List<Finding> out) {
        String subject = "VIP " + Addresses.format(vip);
        List<InterfaceAddress> onNetworks = state.find(vip).stream()
                .filter(a -> !isLoopback(state, a.interfaceName())).toList();
        Optional<String> target = interfaceName.or(() -> networkHolding(state, vip));
        List<InterfaceAddress> onTarget = onNetworks.stream()
                .filter(a -> target.map(t -> t.equals(a.interfaceName())).orElse(true)).toList();
        String reason = "the director must own the VIP on the interface clients reach it by, to answer their ARP"
                + " requests and accept their packets";
        if (onTarget.isEmpty() && (interfaceName.isPresent() || onNetworks.isEmpty())) {
            String found = state.find(vip).isEmpty() ? "not on this host" : where(state.find(vip));
            if (target.isPresent()) {
                InterfaceAddress wanted = InterfaceAddress.host(target.get(), vip);
                out.add(new Finding(Severity.ERROR, subject, found, wanted.toString(), reason,
                        List.of(new HostChange.AddAddress(wanted))));
            } else {
                out.add(new Finding(Severity.ERROR, subject, found, "on the interface clients reach it by", reason
                        + "; no interface's network holds it, so name the interface", List.of()));
            }
            return;
        }
        for (InterfaceAddress a : onNetworks) {
            out.add(new Finding(Severity.OK, subject, a.toString(), a.toString(), "this host holds the VIP and"
                    + " answers ARP for it; exactly one director may hold it at a time", List.of()));
        }
    }

    /** The first non-loopback interface with an address whose network holds {@code vip}. */
    private static Optional<String> networkHolding(HostState state, InetAddress vip) {
        for (InterfaceAddress a : state.addresses()) {
            if (!isLoopback(state, a.interfaceName()) && !a.address().equals(vip) && contains(a, vip)) {
                return Optional.of(a.interfaceName());
            }
        }
        return Optional.empty();
    }

    private static boolean contains(InterfaceAddress network, InetAddress address) {
        return network.address().getAddress().length == address.getAddress().length
                && Netmasks.network(network.address(), network.prefixLength())
                        .equals(Netmasks.network(address, network.prefixLength()));
    }

    private boolean usesNat() {
        return realServerStream().anyMatch(rs -> rs.forwarding() instanceof ForwardingMethod.Masquerade);
    }

    private boolean usesDr() {
        return realServerStream().anyMatch(rs -> rs.forwarding() instanceof ForwardingMethod.DirectRouting);
    }

    private java.util.stream.Stream<RealServer> realServerStream() {
        return table.services().stream().flatMap(sc -> sc.realServers().stream());
    }

    /** Routes to the real servers; returns the interfaces leading to them. */
    private Set<String> realServers(HostState state, List<Finding> out) {
        Set<String> interfaces = new LinkedHashSet<>();
        Set<InetAddress> seen = new LinkedHashSet<>();
        for (RealServer rs : realServerStream().toList()) {
            if (!seen.add(rs.address()) || !state.routes().containsKey(rs.address())) {
                continue;
            }
            String subject = "real server " + Addresses.format(rs.address());
            Optional<Route> route = state.routes().get(rs.address());
            // An address may be a real server of several services: DR in any of them needs it on-link.
            boolean dr = realServerStream().anyMatch(other -> other.address().equals(rs.address())
                    && other.forwarding() instanceof ForwardingMethod.DirectRouting);
            if (route.isEmpty() || route.get().type() == RouteType.UNREACHABLE
                    || route.get().type() == RouteType.BLACKHOLE || route.get().type() == RouteType.PROHIBIT) {
                out.add(new Finding(Severity.ERROR, subject, route.map(Route::toString).orElse("no route"),
                        dr ? "on a directly connected network" : "a route", "the director cannot forward the"
                        + " clients' packets to it", List.of()));
                continue;
            }
            Route r = route.get();
            if (r.type() == RouteType.LOCAL) {
                continue; // the director serves this one itself
            }
            r.interfaceName().ifPresent(interfaces::add);
            if (dr && !r.onLink()) {
                out.add(new Finding(Severity.ERROR, subject, r.toString(), "on a directly connected network",
                        "LVS-DR hands the client's packet unchanged to the real server's MAC address, so it must be"
                                + " on a network this director is attached to, not behind a gateway", List.of()));
            }
        }
        return interfaces;
    }

    private void forwarding(HostState state, List<Finding> out) {
        boolean v4 = vips.stream().anyMatch(v -> v instanceof Inet4Address);
        boolean v6 = vips.stream().anyMatch(v -> v instanceof Inet6Address);
        if (v4) {
            require(state, out, Setting.of(Sysctl.IP_FORWARD), 1, Severity.ERROR, "a NAT director routes the real"
                    + " servers' replies back to the clients, which needs IPv4 forwarding");
        }
        if (v6) {
            require(state, out, Setting.all(Sysctl.IPV6_FORWARDING), 1, Severity.ERROR, "a NAT director routes the"
                    + " real servers' replies back to the clients, which needs IPv6 forwarding");
        }
    }

    private void sendRedirects(HostState state, Set<String> towardsRealServers, List<Finding> out) {
        if (vips.stream().noneMatch(v -> v instanceof Inet4Address)) {
            return;
        }
        boolean nat = mode == Mode.NAT || usesNat();
        // IPVS sends DR traffic itself, never through the kernel's forwarding (where redirects are made),
        // so for DR this is the tutorials' precaution for a director that also routes, not a requirement.
        Severity severity = nat ? Severity.ERROR : Severity.ADVICE;
        String why = nat
                ? "a NAT director routes the real servers' replies out the interface they came in by; with redirects"
                        + " on it tells the real servers to bypass it, and so the address translation"
                : "IPVS forwards DR traffic without them, but a director that also routes packets out the interface"
                        + " they came in by would tell the senders to bypass it";
        require(state, out, Setting.all(Sysctl.SEND_REDIRECTS), 0, severity, why
                + "; the kernel sends them if all or the interface allows it");
        Set<String> devices = new LinkedHashSet<>();
        interfaceName.ifPresent(devices::add);
        devices.addAll(towardsRealServers);
        for (String d : devices) {
            require(state, out, Setting.of(Sysctl.SEND_REDIRECTS, d), 0, severity, why);
        }
        require(state, out, Setting.of(Sysctl.SEND_REDIRECTS, Setting.DEFAULT), 0, Severity.ADVICE,
                "interfaces created later start with default's value");
    }

    private void proxyArp(HostState state, List<Finding> out) {
        Set<String> devices = new LinkedHashSet<>();
        interfaceName.ifPresent(devices::add);
        for (InetAddress vip : vips) {
            state.find(vip).stream().filter(a -> !isLoopback(state, a.interfaceName()))
                    .forEach(a -> devices.add(a.interfaceName()));
        }
        for (String d : devices) {
            OptionalInt in = state.effective(Sysctl.PROXY_ARP, d);
            if (in.isPresent() && in.getAsInt() != 0) {
                for (String device : List.of(Setting.ALL, d)) {
                    require(state, out, Setting.of(Sysctl.PROXY_ARP, device), 0, Severity.ADVICE, "with proxy ARP"
                            + " on " + d + " the director answers ARP there for addresses it routes elsewhere, and"
                            + " draws their traffic; the kernel does it if all or the interface allows it");
                }
            }
        }
    }

    private void ipvsAdvice(HostState state, List<Finding> out) {
        require(state, out, Setting.of(Sysctl.VS_EXPIRE_NODEST_CONN), 1, Severity.ADVICE, "when a real server is"
                + " removed, the director then drops its connections at their next packet and the clients reconnect"
                + " to another, instead of waiting for the connections to time out");
        if (table.services().stream().anyMatch(sc -> sc.service().isPersistent())) {
            require(state, out, Setting.of(Sysctl.VS_EXPIRE_QUIESCENT_TEMPLATE), 1, Severity.ADVICE, "when a real"
                    + " server's weight is set to 0, persistent clients then move to another at once instead of"
                    + " staying until their persistence times out");
        }
    }

    /** A finding if {@code setting} is known and not {@code needed}, unless one names it already. */
    private static void require(HostState state, List<Finding> out, Setting setting, int needed, Severity severity,
            String reason) {
        OptionalInt v = state.value(setting);
        if (v.isPresent() && v.getAsInt() != needed && !named(out, setting)) {
            out.add(new Finding(severity, setting.name(), Integer.toString(v.getAsInt()), Integer.toString(needed),
                    reason, List.of(new HostChange.WriteSetting(setting, needed))));
        }
    }

    /** {@code director, DR, VIPs [192.0.2.10], interface eth0}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(role.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .append(", ").append(mode).append(", VIPs [");
        for (int i = 0; i < vips.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Addresses.format(vips.get(i)));
        }
        sb.append(']');
        interfaceName.ifPresent(i -> sb.append(", interface ").append(i));
        return sb.toString();
    }

    /** Builds a {@link Preflight}; every setter validates at once, {@link #build()} the combination. */
    public static final class Builder {
        private final Role role;
        private final ForwardingMethod method;
        private final Mode mode;
        private final Set<InetAddress> vips = new LinkedHashSet<>();
        private Optional<String> interfaceName = Optional.empty();
        private IpvsConfig table = IpvsConfig.EMPTY;

        private Builder(Role role, ForwardingMethod method) {
            this.role = Objects.requireNonNull(role, "role");
            this.method = Objects.requireNonNull(method, "method");
            if (method instanceof ForwardingMethod.Masquerade) {
                mode = Mode.NAT;
            } else if (method instanceof ForwardingMethod.Tunnel) {
                mode = Mode.TUN;
            } else if (method instanceof ForwardingMethod.DirectRouting) {
                mode = Mode.DR;
            } else {
                throw new InvalidConfigurationException("forwarding method", method, "DR, NAT or a tunnel");
            }
        }

        /**
         * Adds a VIP.
         *
         * @param vip an IP literal, e.g. {@code 192.0.2.10}
         * @return this builder
         * @throws NullPointerException if {@code vip} is null
         * @throws InvalidConfigurationException if {@code vip} is no IP literal
         */
        public Builder vip(String vip) {
            Objects.requireNonNull(vip, "vip");
            return vip(Addresses.parse(vip, expected -> new InvalidConfigurationException("vip", vip, expected)));
        }

        /**
         * Adds a VIP.
         *
         * @param vip the address
         * @return this builder
         * @throws NullPointerException if {@code vip} is null
         * @throws InvalidConfigurationException if {@code vip} is a wildcard, loopback or multicast address
         */
        public Builder vip(InetAddress vip) {
            Objects.requireNonNull(vip, "vip");
            if (vip.isAnyLocalAddress() || vip.isLoopbackAddress() || vip.isMulticastAddress()) {
                throw new InvalidConfigurationException("vip", Addresses.format(vip),
                        "a unicast address that is not a wildcard or loopback address");
            }
            vips.add(vip);
            return this;
        }

        /**
         * Names the interface: for a director, the one to hold the VIPs; for a DR real server, the one
         * facing the director (only its ARP settings are checked); for a TUN real server, the tunnel.
         *
         * @param name an interface name
         * @return this builder
         * @throws NullPointerException if {@code name} is null
         * @throws InvalidConfigurationException if {@code name} is no valid interface name
         */
        public Builder interfaceName(String name) {
            this.interfaceName = Optional.of(Link.checkName("interface", name));
            return this;
        }

        /**
         * Gives a director's table, whose real servers are checked (routes, forwarding, redirects).
         *
         * @param table the table the director will apply
         * @return this builder
         * @throws NullPointerException if {@code table} is null
         */
        public Builder table(IpvsConfig table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        /**
         * Builds the preflight.
         *
         * @return the preflight
         * @throws InvalidConfigurationException if no VIP was given, a table was given for a real server, or
         *     a VIP is no service's address in the table (unless it has firewall-mark services)
         */
        public Preflight build() {
            if (vips.isEmpty()) {
                throw new InvalidConfigurationException("vips", "none", "at least one VIP");
            }
            if (role == Role.REAL_SERVER && !table.services().isEmpty()) {
                throw new InvalidConfigurationException("table", "a table of " + table.services().size()
                        + " services", "none for a real server: only a director has a table");
            }
            // A VIP must be a service's address, unless firewall-mark services make any address possible.
            Set<InetAddress> serviceAddresses = new LinkedHashSet<>();
            boolean marks = false;
            for (ServiceConfig sc : table.services()) {
                if (sc.service().key() instanceof ServiceKey.Address a) {
                    serviceAddresses.add(a.address());
                } else {
                    marks = true;
                }
            }
            if (!serviceAddresses.isEmpty() && !marks) {
                for (InetAddress vip : vips) {
                    if (!serviceAddresses.contains(vip)) {
                        List<String> known = new ArrayList<>();
                        serviceAddresses.forEach(a -> known.add(Addresses.format(a)));
                        throw new InvalidConfigurationException("vip", Addresses.format(vip),
                                "an address of a service in the table: " + String.join(", ", known));
                    }
                }
            }
            return new Preflight(this);
        }
    }
}
