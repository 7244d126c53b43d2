package io.github.ipvs4j.testkit;

import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.host.Sysctl;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The sysctls of one network namespace, with the kernel's propagation rules ({@code devinet.c},
 * {@code addrconf.c}). Not thread-safe: {@link FakeHost} calls it under its lock.
 */
final class HostSettings {
    /** One interface's IPv4 or IPv6 configuration, or {@code all}'s, or {@code default}'s. */
    private static final class Conf {
        final EnumMap<Sysctl, Integer> values = new EnumMap<>(Sysctl.class);
        /** devinet's {@code cnf.state}: the IPv4 values written explicitly, which default no longer overrides. */
        final Set<Sysctl> written = EnumSet.noneOf(Sysctl.class);

        Conf copy() {
            Conf c = new Conf();
            c.values.putAll(values);
            c.written.addAll(written);
            return c;
        }
    }

    private final Map<String, Conf> ipv4 = new HashMap<>();
    private final Map<String, Conf> ipv6 = new HashMap<>();
    private final EnumMap<Sysctl, Integer> ipvs = new EnumMap<>(Sysctl.class);
    private boolean ipvsLoaded;

    HostSettings() {
        for (String device : new String[] {Setting.ALL, Setting.DEFAULT}) {
            ipv4.put(device, fresh(Sysctl.Kind.IPV4_INTERFACE));
            ipv6.put(device, fresh(Sysctl.Kind.IPV6_INTERFACE));
        }
    }

    private static Conf fresh(Sysctl.Kind kind) {
        Conf c = new Conf();
        for (Sysctl s : Sysctl.values()) {
            if (s.kind() == kind) {
                c.values.put(s, s.kernelDefault());
            }
        }
        return c;
    }

    private static boolean isIpvs(Sysctl s) {
        return s.key().startsWith("net.ipv4.vs.");
    }

    /** A new interface starts as a copy of {@code default}, written marks included (inetdev_init, ipv6_add_dev). */
    void addDevice(String name) {
        ipv4.put(name, ipv4.get(Setting.DEFAULT).copy());
        ipv6.put(name, ipv6.get(Setting.DEFAULT).copy());
    }

    void removeDevice(String name) {
        ipv4.remove(name);
        ipv6.remove(name);
    }

    /** ipv4_devconf_setall: the loopback's first up marks every IPv4 value as written. */
    void markAllWritten(String name) {
        Conf c = ipv4.get(name);
        c.written.addAll(c.values.keySet());
    }

    boolean ipvsLoaded() {
        return ipvsLoaded;
    }

    void loadIpvs() {
        if (!ipvsLoaded) {
            for (Sysctl s : Sysctl.values()) {
                if (isIpvs(s)) {
                    ipvs.put(s, s.kernelDefault());
                }
            }
            ipvsLoaded = true;
        }
    }

    void unloadIpvs() {
        ipvs.clear();
        ipvsLoaded = false;
    }

    OptionalInt read(Setting setting) {
        Sysctl s = setting.sysctl();
        Integer v;
        if (s == Sysctl.IP_FORWARD) {
            v = ipv4.get(Setting.ALL).values.get(Sysctl.FORWARDING);
        } else if (!s.perInterface()) {
            v = ipvs.get(s);
        } else {
            Conf c = confs(s).get(setting.device().orElseThrow());
            v = c == null ? null : c.values.get(s);
        }
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** Writes a value; returns false if the setting does not exist (the caller answers ENOENT). */
    boolean write(Setting setting, int value) {
        Sysctl s = setting.sysctl();
        if (s == Sysctl.IP_FORWARD) {
            writeIpv4Forwarding(ipv4.get(Setting.ALL), value);
            return true;
        }
        if (!s.perInterface()) {
            if (!ipvsLoaded) {
                return false;
            }
            ipvs.put(s, value);
            return true;
        }
        String device = setting.device().orElseThrow();
        Conf c = confs(s).get(device);
        if (c == null) {
            return false;
        }
        if (s == Sysctl.FORWARDING) {
            writeIpv4Forwarding(c, value);
        } else if (s == Sysctl.IPV6_FORWARDING) {
            writeIpv6Forwarding(device, value);
        } else {
            // devinet_conf_proc: mark as written; a write to default goes on to every interface not written.
            c.values.put(s, value);
            c.written.add(s);
            if (device.equals(Setting.DEFAULT)) {
                ipv4.forEach((name, conf) -> {
                    if (!isAllOrDefault(name) && !conf.written.contains(s)) {
                        conf.values.put(s, value);
                    }
                });
            }
        }
        return true;
    }

    /** devinet_sysctl_forward: only a change of {@code all} (or its alias {@code ip_forward}) reaches the others. */
    private void writeIpv4Forwarding(Conf c, int value) {
        int old = c.values.get(Sysctl.FORWARDING);
        c.values.put(Sysctl.FORWARDING, value);
        if (c == ipv4.get(Setting.ALL) && old != value) {
            ipv4.values().forEach(conf -> conf.values.put(Sysctl.FORWARDING, value));
        }
    }

    /** addrconf_fixup_forwarding: any write of {@code all} sets default and every interface, changed or not. */
    private void writeIpv6Forwarding(String device, int value) {
        if (device.equals(Setting.ALL)) {
            ipv6.values().forEach(conf -> conf.values.put(Sysctl.IPV6_FORWARDING, value));
        } else {
            ipv6.get(device).values.put(Sysctl.IPV6_FORWARDING, value);
        }
    }

    private Map<String, Conf> confs(Sysctl s) {
        return s.kind() == Sysctl.Kind.IPV4_INTERFACE ? ipv4 : ipv6;
    }

    private static boolean isAllOrDefault(String name) {
        return name.equals(Setting.ALL) || name.equals(Setting.DEFAULT);
    }
}
