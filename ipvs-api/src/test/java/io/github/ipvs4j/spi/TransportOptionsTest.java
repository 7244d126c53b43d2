package io.github.ipvs4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.ipvs4j.model.InvalidConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransportOptionsTest {

    private static void assertInvalid(Runnable call, String field, String value, String allowed) {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, call::run);
        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.value()).isEqualTo(value);
        assertThat(e.allowed()).isEqualTo(allowed);
    }

    @Test
    void defaults() {
        assertThat(TransportOptions.DEFAULTS.networkNamespace()).isEmpty();
        assertThat(TransportOptions.DEFAULTS.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void timeoutIsOneMillisecondToOneHour() {
        assertThat(TransportOptions.DEFAULTS.withTimeout(Duration.ofMillis(1)).timeout()).isEqualTo(Duration.ofMillis(1));
        assertThat(TransportOptions.DEFAULTS.withTimeout(Duration.ofHours(1)).timeout()).isEqualTo(Duration.ofHours(1));
        assertInvalid(() -> TransportOptions.DEFAULTS.withTimeout(Duration.ofNanos(999_999)), "timeout", "PT0.000999999S",
                "1 ms..1 hour");
        assertInvalid(() -> TransportOptions.DEFAULTS.withTimeout(Duration.ZERO), "timeout", "PT0S", "1 ms..1 hour");
        assertInvalid(() -> TransportOptions.DEFAULTS.withTimeout(Duration.ofSeconds(-1)), "timeout", "PT-1S",
                "1 ms..1 hour");
        assertInvalid(() -> TransportOptions.DEFAULTS.withTimeout(Duration.ofHours(1).plusNanos(1)), "timeout",
                "PT1H0.000000001S", "1 ms..1 hour");
    }

    @Test
    void namespacesByNameOrPath() {
        assertThat(TransportOptions.DEFAULTS.withNetworkNamespace("blue").networkNamespace())
                .contains(Path.of("/run/netns/blue"));
        assertThat(TransportOptions.DEFAULTS.withNetworkNamespace("/proc/1234/ns/net").networkNamespace())
                .contains(Path.of("/proc/1234/ns/net"));
        assertInvalid(() -> TransportOptions.DEFAULTS.withNetworkNamespace(""), "network namespace", "",
                "a name under /run/netns or an absolute path");
        assertInvalid(() -> TransportOptions.DEFAULTS.withNetworkNamespace("a/b"), "network namespace", "a/b",
                "a name under /run/netns or an absolute path");
        assertThat(new TransportOptions(Optional.empty(), Duration.ofSeconds(1)).withNetworkNamespace("x").timeout())
                .isEqualTo(Duration.ofSeconds(1));
    }
}
