package io.github.wsicopy.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.store.Counts;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.workflow.JobOutcome;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The promises every scenario must keep, checked against the emulator and the table themselves. */
public final class Invariants {
    private Invariants() {}

    /** At most one copy per (source image, destination Region), and every copy the emulator made is known. */
    public static void noDuplicateCopies(TestStack stack, List<String> regions) {
        noDuplicateCopies(stack.emulator, TestStack.ACCOUNT, regions);
    }

    /** The same, for any emulator; {@code regions} must be every Region copies may have gone to. */
    public static void noDuplicateCopies(WorkSpacesEmulator emulator, String account, List<String> regions) {
        long copies = 0;
        for (String region : regions) {
            Map<String, Integer> perSource = new HashMap<>();
            for (EmulatedImage image : emulator.images(account, region)) {
                if (image.sourceImageId() != null) {
                    perSource.merge(image.sourceImageId(), 1, Integer::sum);
                    copies++;
                }
            }
            perSource.forEach((source, n) -> assertEquals(1, n,
                    "copies of " + source + " in " + region + ": " + n + " (a duplicate copy was made)"));
        }
        assertEquals(emulator.counters().copies(), copies, "copies the emulator counted vs images found");
    }

    /** The job's counters equal the tasks' states, exactly. */
    public static void countersMatchTasks(JobStore store, String jobId) {
        Counts stored = store.job(jobId).orElseThrow().counts();
        assertEquals(Counts.of(store.tasks(jobId)), stored, "job counters vs task states");
    }

    /** The job has ended, in the state its tasks call for. */
    public static void jobStateMatchesTasks(JobStore store, String jobId) {
        Job job = store.job(jobId).orElseThrow();
        assertTrue(job.state().terminal(), "job " + jobId + " is still " + job.state());
        assertEquals(JobOutcome.decide(store.tasks(jobId)), job.state(), "job state vs its tasks");
    }

    /** Every promise above, after a run of job {@code jobId} over {@code regions}. */
    public static void holdAfterRun(JobStore store, WorkSpacesEmulator emulator, String account, String jobId,
            List<String> regions) {
        allTasksFinalWithReasons(store, jobId);
        countersMatchTasks(store, jobId);
        noDuplicateCopies(emulator, account, regions);
        jobStateMatchesTasks(store, jobId);
    }

    /** Every task in a final state, and every one that is not a success says why. */
    public static void allTasksFinalWithReasons(JobStore store, String jobId) {
        for (CopyTask task : store.tasks(jobId)) {
            assertTrue(task.state().terminal(), task.sortKey() + " is still " + task.state());
            if (task.state() != TaskState.SUCCEEDED) {
                assertTrue(task.reason().isPresent() && !task.reason().get().isBlank(),
                        task.sortKey() + " is " + task.state() + " without a reason");
            }
        }
    }
}
