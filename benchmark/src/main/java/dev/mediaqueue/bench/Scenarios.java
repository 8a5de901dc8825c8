package dev.mediaqueue.bench;

import dev.mediaqueue.bench.scenario.BrokerBaseline;
import dev.mediaqueue.bench.scenario.DispatchGapScenario;
import dev.mediaqueue.bench.scenario.EndToEndScenario;
import dev.mediaqueue.bench.scenario.MemoryScenario;
import dev.mediaqueue.bench.scenario.PollScenario;
import dev.mediaqueue.bench.scenario.ProgressScenario;
import dev.mediaqueue.bench.scenario.ReplayScenario;
import dev.mediaqueue.bench.scenario.SubmitScenario;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every scenario, in the order a run takes them: baselines first. */
final class Scenarios {

    static final List<Scenario> ALL = List.of(new BrokerBaseline(), new PollScenario(),
            new EndToEndScenario(), new DispatchGapScenario(), new ProgressScenario(), new SubmitScenario(),
            new ReplayScenario(), new MemoryScenario());

    static final List<String> NAMES = ALL.stream().map(Scenario::name).toList();

    private Scenarios() {
    }

    /** The scenarios to run for {@code only} (all when empty) with the baselines they need, in run order. */
    static List<Scenario> select(List<String> only) {
        if (only.isEmpty()) {
            return ALL;
        }
        Set<String> wanted = new LinkedHashSet<>(only);
        for (Scenario scenario : ALL) {
            if (only.contains(scenario.name())) {
                wanted.addAll(scenario.baselines());
            }
        }
        return ALL.stream().filter(s -> wanted.contains(s.name())).toList();
    }
}
