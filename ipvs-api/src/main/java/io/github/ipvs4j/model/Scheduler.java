package io.github.ipvs4j.model;

import java.util.List;
import java.util.Objects;

/**
 * A kernel scheduling algorithm, by module name ({@code ip_vs_<name>}). Constants cover every
 * scheduler the mainline kernel ships; {@link #of(String)} names an out-of-tree one.
 *
 * @param name 1..15 characters of {@code [a-z0-9_]} (the kernel's limit is 16 bytes with the NUL)
 */
public record Scheduler(String name) {
    /** Round robin. */
    public static final Scheduler RR = new Scheduler("rr");
    /** Weighted round robin. */
    public static final Scheduler WRR = new Scheduler("wrr");
    /** Least connection. */
    public static final Scheduler LC = new Scheduler("lc");
    /** Weighted least connection (the kernel's and ipvsadm's default). */
    public static final Scheduler WLC = new Scheduler("wlc");
    /** Locality-based least connection. */
    public static final Scheduler LBLC = new Scheduler("lblc");
    /** Locality-based least connection with replication. */
    public static final Scheduler LBLCR = new Scheduler("lblcr");
    /** Destination hashing. */
    public static final Scheduler DH = new Scheduler("dh");
    /** Source hashing; honours {@link SchedulerFlag#FALLBACK} and {@link SchedulerFlag#PORT}. */
    public static final Scheduler SH = new Scheduler("sh");
    /** Shortest expected delay. */
    public static final Scheduler SED = new Scheduler("sed");
    /** Never queue. */
    public static final Scheduler NQ = new Scheduler("nq");
    /** Weighted failover. */
    public static final Scheduler FO = new Scheduler("fo");
    /** Weighted overflow. */
    public static final Scheduler OVF = new Scheduler("ovf");
    /** Maglev hashing; honours {@link SchedulerFlag#FALLBACK} and {@link SchedulerFlag#PORT}. */
    public static final Scheduler MH = new Scheduler("mh");
    /** Weighted random twos choice (kernels 5.5 and later). */
    public static final Scheduler TWOS = new Scheduler("twos");

    /** Every scheduler the mainline kernel ships, in the order above. */
    public static final List<Scheduler> BUILT_IN =
            List.of(RR, WRR, LC, WLC, LBLC, LBLCR, DH, SH, SED, NQ, FO, OVF, MH, TWOS);

    /**
     * Validates the name.
     *
     * @param name 1..15 characters of {@code [a-z0-9_]}
     * @throws NullPointerException if {@code name} is null
     * @throws InvalidConfigurationException if {@code name} is empty, too long or has another character
     */
    public Scheduler {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 15 || !name.chars().allMatch(Scheduler::nameChar)) {
            throw new InvalidConfigurationException("scheduler", name,
                    "1..15 characters of a-z, 0-9 and _ (a kernel module ip_vs_<name>)");
        }
    }

    /**
     * Returns the scheduler with this name: a constant for a built-in one, a new value otherwise.
     *
     * @param name the module name without {@code ip_vs_}, e.g. {@code wrr}: 1..15 characters of
     *     {@code [a-z0-9_]}
     * @return the constant of {@link #BUILT_IN} with that name, or a new scheduler
     * @throws NullPointerException if {@code name} is null
     * @throws InvalidConfigurationException if {@code name} is empty, too long or has another character
     */
    public static Scheduler of(String name) {
        Objects.requireNonNull(name, "scheduler");
        for (Scheduler s : BUILT_IN) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        return new Scheduler(name);
    }

    private static boolean nameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** Returns the name, e.g. {@code wrr}. */
    @Override
    public String toString() {
        return name;
    }
}
