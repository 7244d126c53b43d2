package io.github.ipvs4j.testkit.scheduler;

import java.util.List;

/**
 * {@code rr}: walks the list from the destination chosen last, wrapping once, and takes the first
 * usable one. Starts at the list head, so the newest destination is chosen first.
 */
final class RoundRobin implements SchedulingAlgorithm {
    /** The destination chosen last; null stands for the list head. */
    private Destination last;

    @Override
    public void removed(ServiceContext service, Destination dest, int formerIndex) {
        // The kernel steps the cursor back to the removed node's predecessor (or the head).
        if (dest == last) {
            last = formerIndex == 0 ? null : service.destinations().get(formerIndex - 1);
        }
    }

    @Override
    public Destination schedule(ServiceContext service, Packet packet) {
        List<Destination> list = service.destinations();
        int start = last == null ? -1 : list.indexOf(last);
        int n = list.size();
        // One pass from the head, or from after the cursor around to the cursor itself.
        for (int k = 1; k <= n; k++) {
            int i = start < 0 ? k - 1 : (start + k) % n;
            Destination d = list.get(i);
            if (SchedulingAlgorithm.usable(d)) {
                last = d;
                return d;
            }
        }
        return null;
    }
}
