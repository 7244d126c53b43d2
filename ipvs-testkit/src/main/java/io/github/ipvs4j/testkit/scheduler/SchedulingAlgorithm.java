package io.github.ipvs4j.testkit.scheduler;

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
}
