package io.github.ipvs4j.netlink;

import io.github.ipvs4j.Host;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.host.Sysctl;

/** Run by {@link HostKernelIT} as an unprivileged user: prints how each change fails. */
public final class HostPermissionProbe {
    private HostPermissionProbe() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        try (Host host = Host.open()) {
            PermissionProbe.report("read setting", () -> System.out.println("arp_ignore "
                    + host.readSetting(Setting.all(Sysctl.ARP_IGNORE))));
            PermissionProbe.report("write setting", () -> host.writeSetting(Setting.all(Sysctl.ARP_IGNORE), 1));
            PermissionProbe.report("add address", () -> host.addAddress(InterfaceAddress.of("lo", "192.0.2.250/32")));
        }
    }
}
