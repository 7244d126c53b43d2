package io.github.ipvs4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.model.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

class ClientTest {

    @Test
    void nullAddressesAreNamedAndBadOnesRefusedAsValues() {
        assertThatThrownBy(() -> Client.tcp(null, 1000, "192.0.2.1", 80)).isInstanceOf(NullPointerException.class)
                .hasMessage("client address");
        assertThatThrownBy(() -> Client.udp("203.0.113.7", 1000, null, 80)).isInstanceOf(NullPointerException.class)
                .hasMessage("virtual address");
        assertThatThrownBy(() -> Client.sctp("example.com", 1000, "192.0.2.1", 80))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("client address");
        assertThat(Client.tcp("203.0.113.7", 1000, "192.0.2.1", 80).port()).isEqualTo(1000);
    }
}
