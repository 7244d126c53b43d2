/**
 * ipvs4j's testkit: {@link io.github.ipvs4j.testkit.FakeKernel}, an in-memory IPVS with the kernel's
 * control semantics, schedulers and connection table, and seeded generators for property tests
 * ({@link io.github.ipvs4j.testkit.gen}).
 *
 * <p>The fake is deliberately not a {@link io.github.ipvs4j.spi.IpvsTransportProvider}:
 * {@code Ipvs.open()} must never fall back to it silently. Use {@code Ipvs.using(FakeKernel.create())}.
 */
module io.github.ipvs4j.testkit {
    requires transitive io.github.ipvs4j.api;

    exports io.github.ipvs4j.testkit;
    exports io.github.ipvs4j.testkit.gen;
}
