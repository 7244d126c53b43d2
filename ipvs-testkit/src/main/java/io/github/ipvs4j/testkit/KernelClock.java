package io.github.ipvs4j.testkit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The fake kernel's clock: milliseconds since the kernel was created, moved forward only by
 * {@link FakeKernel#advance}. Not thread-safe on its own: it is read and moved under the lock of the
 * {@link FakeKernel} that owns it, as the control plane and the connection table are.
 */
final class KernelClock {
    private long now;

    /** The milliseconds since the kernel was created. */
    long millis() {
        return now;
    }

    /**
     * Sets the time; the connection table moves it forward as it expires entries in order.
     *
     * @param millis the milliseconds since the kernel was created
     */
    void moveTo(long millis) {
        now = millis;
    }

    /**
     * A {@link Clock} that reads this kernel clock, under the kernel's lock, as {@link Instant#EPOCH}
     * plus the time since the kernel was created.
     */
    static final class View extends Clock {
        private final Object lock;
        private final KernelClock clock;
        private final ZoneId zone;

        /** A view of {@code clock}, read under {@code lock} (the kernel's), that reports {@code zone}. */
        View(Object lock, KernelClock clock, ZoneId zone) {
            this.lock = lock;
            this.clock = clock;
            this.zone = Objects.requireNonNull(zone, "zone");
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return zone.equals(this.zone) ? this : new View(lock, clock, zone);
        }

        @Override
        public long millis() {
            synchronized (lock) {
                return clock.millis();
            }
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        /** Equal to a view of the same kernel clock in the same zone. */
        @Override
        public boolean equals(Object o) {
            return o instanceof View v && v.clock == clock && v.zone.equals(zone);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(clock) * 31 + zone.hashCode();
        }

        @Override
        public String toString() {
            return "FakeKernelClock[" + zone + "]";
        }
    }
}
