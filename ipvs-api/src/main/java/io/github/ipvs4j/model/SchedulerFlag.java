package io.github.ipvs4j.model;

/**
 * The three scheduler-specific service flags ({@code IP_VS_SVC_F_SCHED1..3}). Their meaning depends on
 * the scheduler: for {@code sh} and {@code mh}, flag 1 is "fallback" (skip an unavailable server) and
 * flag 2 is "port" (hash the source port too). Other in-tree schedulers ignore them.
 */
public enum SchedulerFlag {
    /** Flag 1: {@code sh-fallback} / {@code mh-fallback}. */
    FALLBACK(0x0008),
    /** Flag 2: {@code sh-port} / {@code mh-port}. */
    PORT(0x0010),
    /** Flag 3: no meaning for in-tree schedulers. */
    FLAG_3(0x0020);

    private final int bit;

    SchedulerFlag(int bit) {
        this.bit = bit;
    }

    /**
     * The bit in the kernel's service flags word.
     *
     * @return {@code 0x0008} for flag 1, {@code 0x0010} for flag 2, {@code 0x0020} for flag 3
     */
    public int bit() {
        return bit;
    }

    /**
     * ipvsadm's name for this flag under the given scheduler.
     *
     * @param scheduler the service's scheduler, which gives the flag its meaning
     * @return {@code sh-fallback}, {@code sh-port}, {@code mh-fallback} or {@code mh-port} for the first
     *     two flags under {@code sh} and {@code mh}; {@code flag-1}, {@code flag-2} or {@code flag-3}
     *     otherwise
     * @throws NullPointerException if {@code scheduler} is null
     */
    public String ipvsadmName(Scheduler scheduler) {
        String prefix = scheduler.name();
        if (this != FLAG_3 && (prefix.equals("sh") || prefix.equals("mh"))) {
            return prefix + (this == FALLBACK ? "-fallback" : "-port");
        }
        return "flag-" + (ordinal() + 1);
    }
}
