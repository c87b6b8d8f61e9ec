package io.github.wsicopy.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wsicopy.core.config.AwsClients;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.model.Replica;
import io.github.wsicopy.core.model.ReplicaState;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.local.workspaces.ImageSeed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Validation checks the replica ledger against what WorkSpaces lists, while other jobs keep copying and deleting.
 * Two races found by the concurrent end-to-end scenarios (local-run AccountWideScenariosTest), replayed here at
 * the exact moment they hurt.
 */
class LedgerRepairRaceTest {
    private static final String SOURCE = "us-east-1";
    private static final String EU = "eu-west-1";

    private TestStack stack;

    @BeforeEach
    void start() {
        stack = TestStack.unthrottled();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    /** Components whose WorkSpaces clients run {@code action} once, right after {@code operation} answered in EU. */
    private Components componentsWith(String operation, Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        ExecutionInterceptor hook = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                        && EU.equals(attributes.getAttribute(AwsExecutionAttribute.AWS_REGION).id())
                        && done.compareAndSet(false, true)) {
                    action.run();
                }
            }
        };
        Settings settings = stack.settings(Map.of());
        AwsClients clients = new AwsClients(settings,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIALOCALTEST", "local-secret")), List.of(hook));
        return Components.of(settings, clients, stack.clock, stack.log);
    }

    @Test
    void aCopyAnotherJobStartsWhileTheDestinationIsListedIsNotTakenForDeleted() {
        String source = Jobs.seedImages(stack, SOURCE, "golden", 1).get(0);
        // Just after validation listed EU, another job's copy appears there and its ledger record names it.
        Components c = componentsWith("DescribeWorkspaceImages", () -> {
            String copy = stack.emulator.addImage(TestStack.ACCOUNT, EU, ImageSeed.named("golden-0-other")
                    .tag(SystemTags.SOURCE_IMAGE_ID, source).tag(SystemTags.SOURCE_REGION, SOURCE)
                    .tag(SystemTags.JOB_ID, "other-job"));
            stack.store().replicas().adopt(new Replica(TestStack.ACCOUNT, EU, source, SOURCE, ReplicaState.PENDING,
                    "other-job", "TASK#" + EU + "#" + source, Optional.of(copy), Optional.of("golden-0-other"),
                    Optional.empty(), Optional.empty(), Optional.empty(), 1, Instant.EPOCH));
        });

        Jobs.plan(c, "late-job", Jobs.request(SOURCE, List.of(source), List.of(EU)));

        Replica record = stack.store().replicas().get(TestStack.ACCOUNT, EU, source).orElseThrow();
        assertEquals(ReplicaState.PENDING, record.state(),
                "the other job's copy was marked gone, so a second copy of the pair could start: " + record);
        assertEquals("other-job", record.jobId());
    }

    @Test
    void anImageDeletedBetweenTheListingAndItsTagsDoesNotMakeTheRegionUnreadable() {
        List<String> sources = Jobs.seedImages(stack, SOURCE, "golden", 2);
        String errorCopy = stack.emulator.addImage(TestStack.ACCOUNT, EU, ImageSeed.named("golden-0")
                .tag(SystemTags.SOURCE_IMAGE_ID, sources.get(0)).tag(SystemTags.SOURCE_REGION, SOURCE)
                .tag(SystemTags.JOB_ID, "first").failed("InternalServiceError", "The image copy failed"));
        // Another job replaces its ERROR copy (deletes it) just after validation listed EU.
        Components c = componentsWith("DescribeWorkspaceImages",
                () -> stack.emulator.deleteImage(TestStack.ACCOUNT, EU, errorCopy));

        Jobs.plan(c, "meanwhile", Jobs.request(SOURCE, sources, List.of(EU)));

        var tasks = stack.store().tasks("meanwhile");
        assertEquals(2, tasks.size());
        tasks.forEach(t -> assertEquals(TaskState.PENDING, t.state(), t.sortKey() + ": " + t.reason().orElse("")));
    }
}
