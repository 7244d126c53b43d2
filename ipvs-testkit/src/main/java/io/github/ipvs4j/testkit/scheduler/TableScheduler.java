package io.github.ipvs4j.testkit.scheduler;

/**
 * A scheduler whose state is a lookup table built from the whole destination list ({@code sh},
 * {@code mh}, {@code dh}): the kernel rebuilds it from scratch in each of the hooks it registers, so
 * every hook here is one {@link #rebuild}. A scheduler the kernel gives no {@code upd_dest} overrides
 * {@link #updated} to do nothing.
 */
interface TableScheduler extends SchedulingAlgorithm {

    /** Fills the table from {@code service}'s current destination list. */
    void rebuild(ServiceContext service);

    @Override
    default void init(ServiceContext service) {
        rebuild(service);
    }

    @Override
    default void added(ServiceContext service, Destination dest) {
        rebuild(service);
    }

    @Override
    default void removed(ServiceContext service, Destination dest, int formerIndex) {
        rebuild(service);
    }

    @Override
    default void updated(ServiceContext service, Destination dest) {
        rebuild(service);
    }
}
