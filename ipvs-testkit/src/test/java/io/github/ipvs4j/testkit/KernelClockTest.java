package io.github.ipvs4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@link FakeKernel#clock()}: a {@link Clock} that only {@link FakeKernel#advance} moves. */
class KernelClockTest {
    private final FakeKernel kernel = FakeKernel.create();

    @Test
    void startsAtTheEpochAndFollowsAdvance() {
        Clock clock = kernel.clock();
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);

        kernel.advance(Duration.ofSeconds(90));
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH.plusSeconds(90));
        assertThat(clock.millis()).isEqualTo(90_000);
        assertThat(kernel.elapsed()).isEqualTo(Duration.ofSeconds(90));
        assertThat(kernel.clock().instant()).isEqualTo(clock.instant());
    }

    @Test
    void standsStillWhileTheKernelDoesNotAdvance() {
        Clock clock = kernel.clock();
        kernel.advance(Duration.ofMillis(1500));
        Instant first = clock.instant();
        kernel.connect(Client.tcp("203.0.113.5", 40000, "192.0.2.1", 80));
        assertThat(clock.instant()).isEqualTo(first);
    }

    @Test
    void aClockInAnotherZoneFollowsTheSameKernel() {
        Clock clock = kernel.clock();
        ZoneId paris = ZoneId.of("Europe/Paris");
        Clock inParis = clock.withZone(paris);
        assertThat(inParis.getZone()).isEqualTo(paris);
        assertThat(clock.withZone(ZoneOffset.UTC)).isEqualTo(clock);
        assertThat(inParis).isNotEqualTo(clock);

        kernel.advance(Duration.ofMinutes(3));
        assertThat(inParis.instant()).isEqualTo(clock.instant()).isEqualTo(Instant.EPOCH.plusSeconds(180));
    }

    @Test
    void clocksOfTwoKernelsAreIndependentAndNotEqual() {
        FakeKernel other = FakeKernel.create();
        kernel.advance(Duration.ofSeconds(5));
        assertThat(other.clock().instant()).isEqualTo(Instant.EPOCH);
        assertThat(other.clock()).isNotEqualTo(kernel.clock());
        assertThat(kernel.clock()).isEqualTo(kernel.clock()).hasSameHashCodeAs(kernel.clock());
    }

    @Test
    void canStillBeReadAfterTheKernelIsClosed() {
        Clock clock = kernel.clock();
        kernel.advance(Duration.ofSeconds(7));
        kernel.close();
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH.plusSeconds(7));
    }
}
