package io.github.wsicopy.localrun.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.local.LocalOrganization;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Organization-wide distribution (issue 12) through the real state machine: the local stack's organization has the
 * stack's account, 222222222222 with the target-account role and 333333333333 without it, one OU holding the two. A
 * target is (account, Region); another account's copies are made there after the source image is shared with it, and
 * the share is gone once its copies are final.
 */
class OrganizationScenariosTest {
    private static final String SOURCE = "us-east-1";
    private static final String STACK = EmulatorConfig.DEFAULT_ACCOUNT_ID;
    private static final String WITH_ROLE = LocalOrganization.TARGET_WITH_ROLE;
    private static final String WITHOUT_ROLE = LocalOrganization.TARGET_WITHOUT_ROLE;
    private static final String EU = "eu-west-1";
    private static final String OREGON = "us-west-2";
    private static final List<String> REGIONS = List.of(EU, OREGON);

    private WorkflowRun run;

    @AfterEach
    void stop() {
        if (run != null) {
            run.close();
        }
    }

    private WorkflowRun start(String name) {
        run = new WorkflowRun(name, options -> options.withEmulator(EmulatorConfig.defaults()
                .withRateLimit(0, 0).withCopyDuration(Duration.ofMinutes(2), Duration.ofMinutes(6))));
        return run;
    }

    private static Map<String, Object> request(List<String> images, List<String> accounts) {
        Map<String, Object> request = Jobs.request(SOURCE, images, REGIONS);
        request.put("destinationAccounts", accounts);
        return request;
    }

    @Test
    void threeAccountsTwoRegionsOneUnreachableSharesCopiesUnsharesAndARerunCopiesNothing() {
        start("org-three-accounts");
        List<String> images = Jobs.seedImages(run.stack.emulator, SOURCE, "golden", 2);

        WorkflowRun.Finished first = run.run("org-1", request(images, List.of(STACK, WITH_ROLE, WITHOUT_ROLE)));

        assertTrue(first.result().succeeded(), first.result().toString());
        assertEquals(12, first.tasks().size(), describe(first.tasks()));
        assertEquals(JobState.PARTIALLY_SUCCEEDED, first.job().state(), describe(first.tasks()));
        for (CopyTask task : first.tasks()) {
            if (task.destinationAccount().equals(WITHOUT_ROLE)) {
                assertEquals(TaskState.SKIPPED, task.state(), task.toString());
                assertEquals(Optional.of(ReasonCode.ACCOUNT_UNREACHABLE), task.reasonCode(), task.toString());
                String reason = task.reasonText().orElseThrow();
                assertTrue(reason.contains("arn:aws:iam::" + WITHOUT_ROLE + ":role/" + LocalOrganization.ROLE_NAME)
                        && reason.contains("templates/target-account-role.yaml"), reason);
            } else {
                assertEquals(TaskState.SUCCEEDED, task.state(), task.toString());
            }
        }
        for (String account : List.of(STACK, WITH_ROLE)) {
            for (String region : REGIONS) {
                List<EmulatedImage> copies = run.stack.emulator.images(account, region);
                assertEquals(images.size(), copies.size(), account + " " + region + ": " + copies);
                for (EmulatedImage copy : copies) {
                    assertEquals(account, copy.ownerAccountId());
                    CopyTask task = first.tasks().stream().filter(t -> t.destinationImageId()
                            .equals(Optional.of(copy.imageId()))).findFirst().orElseThrow();
                    assertEquals(new Target(account, region), task.target());
                }
            }
        }
        assertTrue(run.stack.emulator.images(WITHOUT_ROLE, EU).isEmpty());
        for (String image : images) {
            EmulatedImage source = run.stack.emulator.image(STACK, SOURCE, image).orElseThrow();
            assertTrue(source.sharedWith().isEmpty(), "still shared after the copies: " + source.sharedWith());
        }
        long copiesMade = run.stack.emulator.counters().copies();
        assertEquals(8L, copiesMade);

        WorkflowRun.Finished again = run.run("org-2", request(images, List.of(STACK, WITH_ROLE, WITHOUT_ROLE)));

        assertEquals(copiesMade, run.stack.emulator.counters().copies(), "a re-run copied again");
        for (CopyTask task : again.tasks()) {
            ReasonCode expected = task.destinationAccount().equals(WITHOUT_ROLE) ? ReasonCode.ACCOUNT_UNREACHABLE
                    : ReasonCode.ALREADY_REPLICATED;
            assertEquals(Optional.of(expected), task.reasonCode(), task.toString());
        }
        for (String image : images) {
            assertTrue(run.stack.emulator.image(STACK, SOURCE, image).orElseThrow().sharedWith().isEmpty());
        }
    }

    @Test
    void anOrganizationalUnitResolvesToItsAccountsAndABadOneIsAFieldError() {
        start("org-ou");
        List<String> images = Jobs.seedImages(run.stack.emulator, SOURCE, "golden", 1);
        Map<String, Object> request = Jobs.request(SOURCE, images, List.of(EU));
        request.put("destinationOrganizationalUnits", List.of(run.stack.organization.ouId()));

        WorkflowRun.Finished finished = run.run("org-ou-1", request);

        Map<String, List<CopyTask>> byAccount = finished.tasks().stream()
                .collect(Collectors.groupingBy(CopyTask::destinationAccount));
        assertEquals(java.util.Set.of(WITH_ROLE, WITHOUT_ROLE), byAccount.keySet(), describe(finished.tasks()));
        assertEquals(TaskState.SUCCEEDED, byAccount.get(WITH_ROLE).get(0).state());
        assertEquals(Optional.of(ReasonCode.ACCOUNT_UNREACHABLE), byAccount.get(WITHOUT_ROLE).get(0).reasonCode());

        Map<String, Object> unknown = Jobs.request(SOURCE, images, List.of(EU));
        unknown.put("destinationOrganizationalUnits", List.of("ou-zzzz-zzzzzzzz"));
        WorkflowRun.Finished rejected = run.run("org-ou-2", unknown);

        assertEquals(JobState.FAILED, rejected.job().state());
        assertTrue(rejected.tasks().isEmpty());
        String errors = rejected.job().validationErrors().orElseThrow();
        assertTrue(errors.contains("destinationOrganizationalUnits[0]") && errors.contains("ou-zzzz-zzzzzzzz"), errors);
    }

    @Test
    void aByolImageGoesOnlyWhereTheAccountHasByol() {
        start("org-byol");
        String byol = run.stack.emulator.addImage(STACK, SOURCE, ImageSeed.named("byol-office").byol(true));
        run.stack.emulator.setDedicatedTenancy(STACK, EU, true);
        run.stack.emulator.setDedicatedTenancy(WITH_ROLE, EU, false);
        Map<String, Object> request = Jobs.request(SOURCE, List.of(byol), List.of(EU));
        request.put("destinationAccounts", List.of(STACK, WITH_ROLE));

        WorkflowRun.Finished finished = run.run("org-byol-1", request);

        CopyTask own = finished.tasks().stream().filter(t -> t.destinationAccount().equals(STACK)).findFirst().orElseThrow();
        CopyTask other = finished.tasks().stream().filter(t -> t.destinationAccount().equals(WITH_ROLE)).findFirst()
                .orElseThrow();
        assertEquals(TaskState.SUCCEEDED, own.state(), own.toString());
        assertEquals(Optional.of(ReasonCode.BYOL_NOT_ENABLED), other.reasonCode(), other.toString());
        assertTrue(other.reasonText().orElseThrow().contains("account " + WITH_ROLE), other.reasonText().orElseThrow());
        assertTrue(run.stack.emulator.images(WITH_ROLE, EU).isEmpty());
        assertTrue(run.stack.emulator.image(STACK, SOURCE, byol).orElseThrow().sharedWith().isEmpty());
    }

    @Test
    void concurrentJobsIntoTheSameTargetAccountMakeOneCopyPerPair() {
        start("org-concurrent");
        List<String> images = Jobs.seedImages(run.stack.emulator, SOURCE, "golden", 3);
        Map<String, Map<String, Object>> inputs = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            List<String> some = i == 0 ? images : List.of(images.get(i % 3), images.get((i + 1) % 3));
            inputs.put("org-many-" + i, Map.of("request", request(some, List.of(WITH_ROLE))));
        }

        Map<String, WorkflowRun.Finished> finished = run.runAtOnce(inputs);

        Map<String, Integer> perPair = new HashMap<>();
        for (String region : REGIONS) {
            for (EmulatedImage copy : run.stack.emulator.images(WITH_ROLE, region)) {
                perPair.merge(copy.sourceImageId() + "@" + region, 1, Integer::sum);
            }
        }
        assertEquals(6, perPair.size(), perPair.toString());
        perPair.forEach((pair, n) -> assertEquals(1, n, pair + " has " + n + " copies"));
        List<CopyTask> all = new ArrayList<>();
        finished.values().forEach(f -> all.addAll(f.tasks()));
        finished.forEach((jobId, f) -> assertEquals(JobState.SUCCEEDED, f.job().state(), jobId + ": " + describe(f.tasks())));
        for (String image : images) {
            assertTrue(run.stack.emulator.image(STACK, SOURCE, image).orElseThrow().sharedWith().isEmpty(),
                    "a share outlived the jobs");
        }
    }

    private static String describe(List<CopyTask> tasks) {
        StringBuilder text = new StringBuilder();
        for (CopyTask t : tasks) {
            text.append('\n').append(t.sortKey()).append(' ').append(t.state()).append(' ')
                    .append(t.reasonText().orElse(""));
        }
        return text.toString();
    }
}
