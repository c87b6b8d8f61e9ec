package io.github.wsicopy.localrun.demo;

import io.github.wsicopy.core.store.CopyTask;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live progress per Region. On a terminal the block of Region lines is redrawn in place; otherwise (a pipe, CI)
 * a Region's line is printed each time it changes. Each line starts with the real time since the start and
 * the virtual time the workflow has waited.
 */
final class ProgressView {
    private final PrintStream out;
    private final List<String> regions;
    private final boolean redraw;
    private final Map<String, RegionStatus> shown = new HashMap<>();
    private int drawnLines;

    ProgressView(PrintStream out, List<String> regions, boolean terminal) {
        this.out = out;
        this.regions = regions;
        this.redraw = terminal;
    }

    void update(List<CopyTask> tasks, Duration real, Duration virtual) {
        if (tasks.isEmpty()) {
            return; // still validating
        }
        List<RegionStatus> now = RegionStatus.of(regions, tasks);
        if (now.stream().allMatch(s -> s.equals(shown.get(s.region())))) {
            return;
        }
        String clock = String.format("[%5.1fs real | +%s virtual] ", real.toMillis() / 1000.0, hms(virtual));
        if (redraw) {
            if (drawnLines > 0) {
                out.printf("\033[%dA", drawnLines);
            }
            for (RegionStatus s : now) {
                out.print("\r\033[2K" + clock + s.line() + "\n");
            }
            drawnLines = now.size();
        } else {
            for (RegionStatus s : now) {
                if (!s.equals(shown.get(s.region()))) {
                    out.println(clock + s.line());
                }
            }
        }
        now.forEach(s -> shown.put(s.region(), s));
        out.flush();
    }

    static String hms(Duration d) {
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
