package io.github.ipvs4j.netlink;

import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.spi.TransportOptions;
import java.util.ArrayList;
import java.util.List;

/** Run by {@link PermissionKernelIT} as an unprivileged user: prints how each request fails. */
public final class PermissionProbe {
    private PermissionProbe() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        try (NetlinkTransport t = NetlinkTransport.open(TransportOptions.DEFAULTS)) {
            report("list services", () -> t.listServiceStatus());
            report("create service",
                    () -> t.createService(VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).build()));
            report("info", () -> t.info());
            // Enough services for the concurrent read: it fails as the single call does, for the first.
            List<ServiceKey> keys = new ArrayList<>();
            for (int port = 1; port <= 100; port++) {
                keys.add(VirtualService.builder(ServiceKey.tcp("192.0.2.1", port)).build().key());
            }
            report("list real servers", () -> t.listRealServerStatus(keys.get(0)));
            report("list real servers of 100 services", () -> t.listRealServerStatus(keys));
        }
    }

    static void report(String what, Runnable r) {
        try {
            r.run();
            System.out.println(what + ": succeeded");
        } catch (IpvsException e) {
            System.out.println(what + ": " + e.getClass().getSimpleName() + " errno " + e.errno() + ": "
                    + e.getMessage());
        }
    }
}
