package io.github.ipvs4j.testkit.scheduler;

import io.github.ipvs4j.model.SchedulerFlag;
import java.util.function.IntUnaryOperator;

/**
 * One kernel scheduler module ({@code struct ip_vs_scheduler}): state per service, hooks that run
 * after the destination list changed, and the scheduling decision. A new instance is bound to each
 * service (the kernel's {@code init_service}).
 */
public interface SchedulingAlgorithm {

    /** Called when the scheduler is bound to a service that may already have destinations. */
    default void init(ServiceContext service) {
    }

    /** Called after {@code dest} was added at the head of the list ({@code add_dest}). */
    default void added(ServiceContext service, Destination dest) {
    }

    /**
     * Called after {@code dest} was removed from the list ({@code del_dest}).
     *
     * @param formerIndex where it was in the list before removal
     */
    default void removed(ServiceContext service, Destination dest, int formerIndex) {
    }

    /** Called after {@code dest}'s weight or thresholds changed ({@code upd_dest}). */
    default void updated(ServiceContext service, Destination dest) {
    }

    /** Picks a destination for the packet, or null when none is available. */
    Destination schedule(ServiceContext service, Packet packet);

    /** Whether a destination may take new connections at all: positive weight, not overloaded. */
    static boolean usable(Destination d) {
        return d.weight() > 0 && !d.overloaded();
    }

    /**
     * The lookup of a hashing scheduler ({@code sh}, {@code mh}): the destination in the slot the
     * packet hashes to; if it is unusable and the service has {@link SchedulerFlag#FALLBACK}, the
     * kernel rehashes with offsets {@code ihash}, {@code ihash + 1}, ... (mod the table size) and takes
     * the first usable one. An empty slot ends the search.
     *
     * @param table the lookup table
     * @param slot the slot for a given offset (offset 0 is the plain lookup)
     */
    static Destination hashedLookup(ServiceContext service, Destination[] table, IntUnaryOperator slot) {
        int ihash = slot.applyAsInt(0);
        Destination d = table[ihash];
        if (d == null || usable(d)) {
            return d;
        }
        if (!service.hasFlag(SchedulerFlag.FALLBACK)) {
            return null;
        }
        for (int offset = 0; offset < table.length; offset++) {
            d = table[slot.applyAsInt((offset + ihash) % table.length)];
            if (d == null || usable(d)) {
                return d;
            }
        }
        return null;
    }
}
