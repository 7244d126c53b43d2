package io.github.ipvs4j.netlink;

import io.github.ipvs4j.Host;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.host.Sysctl;
import io.github.ipvs4j.model.IpvsException;

/** Run by {@link HostKernelIT} as an unprivileged user: prints how each change fails. */
public final class HostPermissionProbe {
    private HostPermissionProbe() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        try (Host host = Host.open()) {
            report("read setting", () -> System.out.println("arp_ignore "
                    + host.readSetting(Setting.all(Sysctl.ARP_IGNORE))));
            report("write setting", () -> host.writeSetting(Setting.all(Sysctl.ARP_IGNORE), 1));
            report("add address", () -> host.addAddress(InterfaceAddress.of("lo", "192.0.2.250/32")));
        }
    }

    private static void report(String what, Runnable r) {
        try {
            r.run();
            System.out.println(what + ": succeeded");
        } catch (IpvsException e) {
            System.out.println(what + ": " + e.getClass().getSimpleName() + " errno " + e.errno() + ": "
                    + e.getMessage());
        }
    }
}
