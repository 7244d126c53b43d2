package io.github.ipvs4j.testkit.scheduler;

import java.util.List;

/**
 * {@code wrr}: passes over the list with a current weight {@code cw} that starts at the largest
 * weight and falls by the weights' greatest common divisor each pass; a destination is chosen when
 * its weight is at least {@code cw}. Any change to the list restarts from the head.
 */
final class WeightedRoundRobin implements SchedulingAlgorithm {
    /** The destination chosen last; null stands for the list head. */
    private Destination current;
    private int cw;
    private int mw;
    private int di;

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
        while (true) {
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

    private static int maxWeight(List<Destination> list) {
        int m = 0;
        for (Destination d : list) {
            m = Math.max(m, d.weight());
        }
        return m;
    }
}
