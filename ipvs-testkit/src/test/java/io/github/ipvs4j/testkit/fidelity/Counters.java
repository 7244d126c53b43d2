package io.github.ipvs4j.testkit.fidelity;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.RealServerStatus;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Formats a service's real servers with the counters schedulers look at, for failure reports. */
final class Counters {
    private Counters() {
    }

    /** {@code 198.51.100.11:80 w=3 act=1 inact=2 pers=0, ...}, sorted by address and port. */
    static String format(List<RealServerStatus> servers) {
        return servers.stream()
                .sorted(Comparator.comparing((RealServerStatus s) -> Addresses.format(s.server().address(),
                        s.server().port())))
                .map(s -> Addresses.format(s.server().address(), s.server().port()) + " w=" + s.server().weight()
                        + " act=" + s.activeConnections() + " inact=" + s.inactiveConnections()
                        + " pers=" + s.persistentConnections())
                .collect(Collectors.joining(", "));
    }
}
