/**
 * ipvs4j's testkit: {@link io.github.ipvs4j.testkit.FakeKernel}, an in-memory IPVS with the kernel's
 * control semantics, schedulers and connection table; {@link io.github.ipvs4j.testkit.FakeHost}, an
 * in-memory host network (interfaces, addresses, routes, settings) with the kernel's rules; and seeded
 * generators for property tests ({@link io.github.ipvs4j.testkit.gen}).
 *
 * <p>The fakes are deliberately no transport providers: {@code Ipvs.open()} and {@code Host.open()}
 * must never fall back to them silently. Use {@code Ipvs.using(FakeKernel.create())} and
 * {@code Host.using(FakeHost.create())}.
 */
module io.github.ipvs4j.testkit {
    requires transitive io.github.ipvs4j.api;

    exports io.github.ipvs4j.testkit;
    exports io.github.ipvs4j.testkit.gen;
}
