package io.github.wsicopy.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobOutcomeTest {

    static CopyTask task(TaskState state, ReasonCode code) {
        return new CopyTask("job-1", "wsi-abc123def", "us-east-1", "123456789012", "eu-west-1", "n", "d", List.of(), state,
                Optional.ofNullable(code), Optional.ofNullable(code).map(Enum::name), Optional.empty(), 0,
                Optional.empty(), Instant.EPOCH);
    }

    @Test
    void allCopiesMadeOrAlreadyPresentIsSuccess() {
        assertEquals(JobState.SUCCEEDED, JobOutcome.decide(List.of(
                task(TaskState.SUCCEEDED, null), task(TaskState.SKIPPED, ReasonCode.ALREADY_REPLICATED))));
    }

    @Test
    void onlyAlreadyPresentIsStillSuccess() {
        assertEquals(JobState.SUCCEEDED, JobOutcome.decide(List.of(task(TaskState.SKIPPED, ReasonCode.ALREADY_REPLICATED))));
    }

    @Test
    void aRejectedPairMakesItPartial() {
        assertEquals(JobState.PARTIALLY_SUCCEEDED, JobOutcome.decide(List.of(
                task(TaskState.SUCCEEDED, null), task(TaskState.SKIPPED, ReasonCode.BYOL_NOT_ENABLED))));
    }

    @Test
    void aFailedCopyMakesItPartial() {
        assertEquals(JobState.PARTIALLY_SUCCEEDED, JobOutcome.decide(List.of(
                task(TaskState.SUCCEEDED, null), task(TaskState.FAILED, ReasonCode.COPY_FAILED))));
    }

    @Test
    void nothingGoodIsFailure() {
        assertEquals(JobState.FAILED, JobOutcome.decide(List.of(
                task(TaskState.FAILED, ReasonCode.COPY_FAILED), task(TaskState.SKIPPED, ReasonCode.IMAGE_NOT_FOUND),
                task(TaskState.CANCELLED, ReasonCode.CANCELLED_BY_USER))));
    }

    @Test
    void noTasksIsFailure() {
        assertEquals(JobState.FAILED, JobOutcome.decide(List.of()));
    }
}
