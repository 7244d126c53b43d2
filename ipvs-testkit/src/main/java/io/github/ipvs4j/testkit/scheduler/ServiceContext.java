package io.github.ipvs4j.testkit.scheduler;

import io.github.ipvs4j.model.SchedulerFlag;
import java.util.List;
import java.util.random.RandomGenerator;

/** What a scheduler may read about its service: the kernel's view of {@code struct ip_vs_service}. */
public interface ServiceContext {

    /** The destinations in the kernel's order, newest first. */
    List<Destination> destinations();

    /** Whether the service is IPv6. */
    boolean ipv6();

    /** Whether the service has the given scheduler flag. */
    boolean hasFlag(SchedulerFlag flag);

    /** The fake clock, in milliseconds since the fake kernel started. */
    long nowMillis();

    /** The random source for randomised schedulers (twos). */
    RandomGenerator random();
}
