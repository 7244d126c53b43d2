package io.github.ipvs4j.testkit.fidelity;

import io.github.ipvs4j.model.Scheduler;
import java.util.List;

/** Explains a disagreement between the real and the fake kernel, with everything needed to replay it. */
final class Report {
    private Report() {
    }

    /**
     * The first differing decision with its context: scheduler, seed, the configuration as
     * {@code ipvsadm -Sn} prints it, every step up to the difference (with both kernels' choices),
     * and the real servers' counters each kernel saw just before.
     */
    static String disagreement(Scheduler scheduler, Scenario scenario, List<Decision> kernel, List<Decision> fake,
            Agreement agreement) {
        int index = agreement.firstDifference().orElseThrow();
        return context(scheduler + ": the fake kernel disagrees with the real one at step " + kernel.get(index).step()
                + " (" + agreement + " in this scenario)", scenario, kernel, fake, index);
    }

    /**
     * The first decision before which the real servers' counters differ (the decisions so far agreed),
     * with the same context as {@link #disagreement}.
     */
    static String countersDiffer(Scheduler scheduler, Scenario scenario, List<Decision> kernel, List<Decision> fake) {
        int index = 0;
        while (kernel.get(index).counters().equals(fake.get(index).counters())) {
            index++;
        }
        return context(scheduler + ": the decisions agree, but before step " + kernel.get(index).step()
                + " the fake kernel's real servers have other counters than the real one's", scenario, kernel, fake,
                index);
    }

    private static String context(String headline, Scenario scenario, List<Decision> kernel, List<Decision> fake,
            int index) {
        Decision k = kernel.get(index);
        Decision f = fake.get(index);
        StringBuilder sb = new StringBuilder(headline).append('\n');
        sb.append("replay with ").append(scenario.replay()).append('\n');
        sb.append("configuration (ipvsadm -Sn, with thresholds):\n").append(scenario.rules().indent(2));
        sb.append("traffic so far:\n");
        int d = 0;
        for (int i = 0; i <= k.step(); i++) {
            Step step = scenario.steps().get(i);
            sb.append("  ").append(i).append(": ").append(step);
            if (step instanceof Step.Open) {
                Decision kd = kernel.get(d);
                Decision fd = fake.get(d);
                sb.append(" => kernel ").append(kd.choice());
                if (!kd.agreesWith(fd)) {
                    sb.append(", fake ").append(fd.choice()).append("   <-- differs");
                }
                d++;
            }
            sb.append('\n');
        }
        sb.append("counters before step ").append(k.step()).append(":\n");
        sb.append("  kernel: ").append(k.counters()).append('\n');
        sb.append("  fake:   ").append(f.counters()).append('\n');
        return sb.toString();
    }
}
