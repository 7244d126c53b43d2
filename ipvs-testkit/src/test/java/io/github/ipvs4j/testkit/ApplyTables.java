package io.github.ipvs4j.testkit;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Helpers of the apply tests: loading a table into a fake, comparing tables, counting needed changes. */
final class ApplyTables {
    private ApplyTables() {
    }

    /** A fake kernel holding {@code table}, with every mainline scheduler. */
    static FakeKernel kernelWith(IpvsConfig table) {
        FakeKernel kernel = FakeKernel.create();
        Reconciler.of(Ipvs.using(kernel)).apply(table);
        return kernel;
    }

    /** The services of a table, by key. */
    static Map<ServiceKey, VirtualService> services(IpvsConfig table) {
        Map<ServiceKey, VirtualService> out = new java.util.TreeMap<>(ServiceKey.ORDER);
        table.services().forEach(s -> out.put(s.service().key(), s.service()));
        return out;
    }

    /**
     * The fewest changes from {@code current} to {@code desired}, counted independently of the planner:
     * a service only in current is one deletion (its real servers go with it); one only in desired is a
     * creation plus one add per real server; a service in both is an edit if it differs, plus one change
     * per real server that differs, is missing or is extra.
     */
    static int minimalChanges(IpvsConfig current, IpvsConfig desired) {
        int n = 0;
        for (ServiceConfig have : current.services()) {
            if (desired.find(have.service().key()).isEmpty()) {
                n++;
            }
        }
        for (ServiceConfig want : desired.services()) {
            Optional<ServiceConfig> have = current.find(want.service().key());
            if (have.isEmpty()) {
                n += 1 + want.realServers().size();
                continue;
            }
            if (!have.get().service().equals(want.service())) {
                n++;
            }
            Map<InetSocketAddress, RealServer> old = new LinkedHashMap<>();
            have.get().realServers().forEach(rs -> old.put(rs.endpoint(), rs));
            for (RealServer rs : want.realServers()) {
                RealServer before = old.remove(rs.endpoint());
                if (!rs.equals(before)) {
                    n++;
                }
            }
            n += old.size();
        }
        return n;
    }

    /** Applies changes one by one to a copy of {@code table} (as a kernel would), for comparisons. */
    static IpvsConfig applied(IpvsConfig table, List<Change> changes) {
        FakeKernel kernel = kernelWith(table);
        Ipvs ipvs = Ipvs.using(kernel);
        ipvs.submit(new ArrayList<>(changes)).outcomes().forEach(o -> {
            if (!o.succeeded()) {
                throw new AssertionError("replaying " + o.change() + " failed: "
                        + o.error().orElseThrow().getMessage());
            }
        });
        return ipvs.readConfig();
    }
}
