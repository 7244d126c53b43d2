package io.github.ipvs4j.testkit.scheduler;

import java.util.List;

/**
 * {@code wrr}: passes over the list with a current weight {@code cw} that starts at the largest
 * weight and falls by the weights' greatest common divisor each pass; a destination is chosen when
 * its weight is at least {@code cw}. Any change to the list restarts from the head.
 *
 * <p>The kernel walks every pass, also those that cannot choose anything because {@code cw} is above
 * the weight of every destination that is not overloaded: with an overloaded real server of weight
 * 2147483647 beside ones of weight 1, that is 2^31 passes per connection. This skips such passes in
 * one step, to the state the kernel's walk reaches after them, so the decisions are the same.
 */
final class WeightedRoundRobin implements SchedulingAlgorithm {
    /** The destination chosen last; null stands for the list head. */
    private Destination current;
    private int cw;
    private int mw;
    private int di;
    /** False walks every pass as the kernel does: the reference the tests compare the skipping with. */
    private final boolean skipEmptyPasses;

    WeightedRoundRobin() {
        this(true);
    }

    WeightedRoundRobin(boolean skipEmptyPasses) {
        this.skipEmptyPasses = skipEmptyPasses;
    }

    @Override
    public void init(ServiceContext service) {
        current = null;
        di = gcd(service.destinations());
        mw = maxWeight(service.destinations()) - (di - 1);
        cw = mw;
    }

    @Override
    public void added(ServiceContext service, Destination dest) {
        changed(service);
    }

    @Override
    public void removed(ServiceContext service, Destination dest, int formerIndex) {
        changed(service);
    }

    @Override
    public void updated(ServiceContext service, Destination dest) {
        changed(service);
    }

    private void changed(ServiceContext service) {
        current = null;
        di = gcd(service.destinations());
        mw = maxWeight(service.destinations()) - (di - 1);
        if (cw > mw || cw == 0) {
            cw = mw;
        } else if (di > 1) {
            cw = (cw / di) * di + 1;
        }
    }

    @Override
    public Destination schedule(ServiceContext service, Packet packet) {
        if (mw == 0) {
            return null;
        }
        List<Destination> list = service.destinations();
        int pos = current == null ? -1 : list.indexOf(current);
        int last = pos;
        int stop = Integer.MIN_VALUE;
        boolean lastPass = false;
        boolean restarted = false;
        // While cw is above this, no destination that is not overloaded weighs cw or more.
        int floor = Math.max(maxAvailableWeight(list), di);
        while (true) {
            if (skipEmptyPasses && cw > floor) {
                // A pass at such a cw chooses nothing, and no stop is set (that needs cw <= di). While
                // it leaves cw above floor (so above di and 0: no wrap, no last pass), it does nothing
                // but lower cw by di. Jump over those passes to the last pass above floor, which starts
                // at the head; the loop walks that one and what follows as the kernel does.
                int passes = (cw - floor - 1) / di;
                if (passes > 0) {
                    cw -= passes * di;
                    pos = -1;
                }
            }
            for (int i = pos + 1; i < list.size(); i++) {
                Destination d = list.get(i);
                if (!d.overloaded() && d.weight() >= cw) {
                    current = d;
                    return d;
                }
                if (i == stop) {
                    current = d;
                    return null;
                }
            }
            pos = -1;
            cw -= di;
            if (cw <= 0) {
                cw = mw;
                // Stop once every destination was checked for weight >= 1.
                if (lastPass || last == -1) {
                    current = null;
                    return null;
                }
                restarted = true;
            }
            lastPass = cw <= di;
            if (lastPass && restarted && last != -1) {
                stop = last;
            }
        }
    }

    private static int gcd(List<Destination> list) {
        int g = 0;
        for (Destination d : list) {
            int w = d.weight();
            if (w > 0) {
                g = g > 0 ? gcd(w, g) : w;
            }
        }
        return g != 0 ? g : 1;
    }

    /** The greatest common divisor of two weights, as the kernel's {@code gcd()}; mh uses it too. */
    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** The largest weight of a destination that is not overloaded; 0 if there is none. */
    private static int maxAvailableWeight(List<Destination> list) {
        int m = 0;
        for (Destination d : list) {
            if (!d.overloaded()) {
                m = Math.max(m, d.weight());
            }
        }
        return m;
    }

    private static int maxWeight(List<Destination> list) {
        int m = 0;
        for (Destination d : list) {
            m = Math.max(m, d.weight());
        }
        return m;
    }
}
