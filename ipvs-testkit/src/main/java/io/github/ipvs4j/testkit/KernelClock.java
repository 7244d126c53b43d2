package io.github.ipvs4j.testkit;

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
}
