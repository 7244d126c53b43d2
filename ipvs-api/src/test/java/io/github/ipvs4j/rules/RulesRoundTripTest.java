package io.github.ipvs4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generated tables survive writing and reading back; generated commands survive formatting and parsing. */
class RulesRoundTripTest {

    private static void forEachSeed(int count, SeedCheck check) {
        for (long seed : ConfigGenerator.seeds(count)) {
            try {
                check.run(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed for seed " + seed + " (replay with -D"
                        + ConfigGenerator.SEED_PROPERTY + "=" + seed + "): " + e.getMessage(), e);
            }
        }
    }

    private interface SeedCheck {
        void run(long seed);
    }

    @Test
    void writeWithThresholdsThenReadGivesTheSameTable() {
        forEachSeed(500, seed -> {
            IpvsConfig config = new ConfigGenerator(seed, true).config();
            String text = IpvsadmRules.formatWithThresholds(config);
            assertThat(IpvsadmRules.parse(text, "generated").toConfig()).as(text).isEqualTo(config);
        });
    }

    @Test
    void writeThenReadGivesTheSameTableWhenThereAreNoThresholds() {
        forEachSeed(500, seed -> {
            IpvsConfig config = new ConfigGenerator(seed, false).config();
            String text = IpvsadmRules.format(config);
            assertThat(IpvsadmRules.parse(text, "generated").toConfig()).as(text).isEqualTo(config);
            // Without thresholds, both writers print the same.
            assertThat(IpvsadmRules.formatWithThresholds(config)).isEqualTo(text);
        });
    }

    @Test
    void ipvsadmFormatDropsThresholdsAndNothingElse() {
        forEachSeed(200, seed -> {
            IpvsConfig config = new ConfigGenerator(seed, true).config();
            IpvsConfig read = IpvsadmRules.parse(IpvsadmRules.format(config), "generated").toConfig();
            assertThat(read).isEqualTo(withoutThresholds(config));
        });
    }

    @Test
    void everyChangeFormatsToACommandThatParsesBackToIt() {
        forEachSeed(300, seed -> {
            ConfigGenerator g = new ConfigGenerator(seed, true);
            IpvsConfig config = g.config();
            List<Change> changes = new ArrayList<>();
            for (ServiceConfig s : config.services()) {
                changes.add(new Change.CreateService(s.service()));
                changes.add(new Change.UpdateService(s.service()));
                changes.add(new Change.RemoveService(s.service().key()));
                for (RealServer rs : s.realServers()) {
                    changes.add(new Change.CreateRealServer(s.service().key(), rs));
                    changes.add(new Change.UpdateRealServer(s.service().key(), rs));
                    changes.add(new Change.RemoveRealServer(s.service().key(), rs.endpoint()));
                }
            }
            for (Change change : changes) {
                IpvsadmCommand command = IpvsadmCommand.of(change);
                IpvsadmCommand parsed = IpvsadmCommand.parse(IpvsadmRules.tokenize(command.toString()));
                assertThat(parsed).as(command.toString()).isEqualTo(command);
                assertThat(parsed.toChange()).contains(change);
            }
        });
    }

    private static IpvsConfig withoutThresholds(IpvsConfig config) {
        List<ServiceConfig> services = new ArrayList<>();
        for (ServiceConfig s : config.services()) {
            List<RealServer> servers = new ArrayList<>();
            for (RealServer rs : s.realServers()) {
                servers.add(rs.toBuilder().thresholds(0, 0).build());
            }
            services.add(new ServiceConfig(s.service(), servers));
        }
        return new IpvsConfig(services);
    }
}
