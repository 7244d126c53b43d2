package io.github.ipvs4j;

import io.github.ipvs4j.model.IpvsUnavailableException;
import io.github.ipvs4j.spi.TransportProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** How {@link Ipvs} and {@link Host} choose a provider: the one rule for both. */
final class Providers {
    private Providers() {
    }

    /**
     * The provider named by the system property {@code property} if set, else the available one with the
     * highest priority.
     *
     * @param property the system property that names a provider
     * @param what what the providers make, for messages ("IPVS transport")
     * @param noneMessage the message when there is no provider at all, naming the artifact to add
     */
    static <P extends TransportProvider> P select(Iterable<P> providers, String property, String what,
            String noneMessage) {
        String wanted = System.getProperty(property, "").trim();
        List<P> found = new ArrayList<>();
        providers.forEach(found::add);
        if (found.isEmpty()) {
            throw new IpvsUnavailableException(noneMessage, null);
        }
        if (!wanted.isEmpty()) {
            for (P p : found) {
                if (p.name().equals(wanted)) {
                    if (!p.isAvailable()) {
                        throw new IpvsUnavailableException(what + " '" + wanted + "' (chosen by -D" + property
                                + ") is not available: " + p.unavailableReason(), null);
                    }
                    return p;
                }
            }
            throw new IpvsUnavailableException("No " + what + " named '" + wanted + "' (chosen by -D" + property
                    + "); found: " + names(found), null);
        }
        Optional<P> best = found.stream().filter(TransportProvider::isAvailable)
                .max(Comparator.comparingInt(TransportProvider::priority));
        if (best.isEmpty()) {
            StringBuilder why = new StringBuilder("No " + what + " is available here:");
            for (P p : found) {
                why.append(' ').append(p.name()).append(": ").append(p.unavailableReason()).append('.');
            }
            throw new IpvsUnavailableException(why.toString(), null);
        }
        return best.get();
    }

    private static String names(List<? extends TransportProvider> providers) {
        List<String> names = new ArrayList<>();
        providers.forEach(p -> names.add(p.name()));
        return String.join(", ", names);
    }
}
