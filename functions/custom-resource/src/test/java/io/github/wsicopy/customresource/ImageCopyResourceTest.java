package io.github.wsicopy.customresource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.cloudformation.ResourceEvent;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.JobOrigin;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.testing.Invariants;
import io.github.wsicopy.core.testing.Invoke;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.customresource.testing.ExpectedResponse;
import io.github.wsicopy.customresource.testing.ProviderHarness;
import io.github.wsicopy.customresource.testing.ResponseUrlServer;
import io.github.wsicopy.local.MutableClock;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.local.workspaces.ImageState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The custom resource's whole lifecycle against the local stack: the provider starts the state machine on the
 * resource's job, the harness runs the execution's steps, and every test checks the exact response CloudFormation
 * receives and the images the emulator is left with.
 */
class ImageCopyResourceTest {
    private static final String SOURCE = "wsi-0golden01";
    private static final String LOGICAL_ID = "GoldenImageInEurope";

    private TestStack stack;
    private ProviderHarness cfn;

    @BeforeEach
    void start() {
        stack = TestStack.start(EmulatorConfig.defaults().withRateLimit(0, 0)); // copies take 30 virtual minutes
        stack.emulator.addImage(TestStack.ACCOUNT, "us-east-1",
                ImageSeed.named("win11-golden").imageId(SOURCE).description("Golden image"));
        cfn = new ProviderHarness(stack);
    }

    @AfterEach
    void stop() {
        cfn.close();
        stack.close();
    }

    /** The example resource. */
    private static Map<String, Object> golden(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ImageId", SOURCE);
        p.put("DestinationRegionId", "eu-west-1");
        p.put("DestinationImageName", name);
        p.put("DestinationDescription", "Golden image");
        p.put("Tag", List.of(Map.of("Key", "team", "Value", "euc")));
        p.put("Encrypted", "false"); // CloudFormation sends every scalar as a string
        return p;
    }

    private static Map<String, Object> with(Map<String, Object> properties, String name, Object value) {
        Map<String, Object> p = new LinkedHashMap<>(properties);
        p.put(name, value);
        return p;
    }

    private List<EmulatedImage> imagesIn(String region) {
        return stack.emulator.images(TestStack.ACCOUNT, region);
    }

    private static String response(Map<String, Object> request, String status, String reason, String physicalId,
            Map<String, String> data) {
        return ExpectedResponse.body(request, status, reason, physicalId, data);
    }

    private static Map<String, String> attributes(String imageId, String destination, String state) {
        return ExpectedResponse.attributes(imageId, destination, state);
    }

    private static String jobId(Map<String, Object> request) {
        return ResourceEvent.parse(request).jobId();
    }

    private static String noImageId(Map<String, Object> request) {
        return ResourceEvent.parse(request).noImageId();
    }

    private ResponseUrlServer.Put assertAnswered(Map<String, Object> request, String expectedBody) {
        ResponseUrlServer.Put put = cfn.onlyResponse(request);
        assertEquals(expectedBody, put.body());
        assertTrue(put.contentType() == null || put.contentType().isEmpty(),
                "the pre-signed URL is signed without a content type: " + put.contentType());
        return put;
    }

    private String createAndWait(Map<String, Object> properties) {
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, properties);
        cfn.deliverAndRun(create);
        return String.valueOf(cfn.onlyResponse(create).json().get("PhysicalResourceId"));
    }

    // ---- Create -----------------------------------------------------------------------------------------

    @Test
    void createAnswersOnlyWhenTheCopyIsAvailable() {
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, golden("golden-2026-11"));

        assertEquals("STARTED", cfn.deliver(create).get("outcome"));
        assertTrue(cfn.responses.puts().isEmpty(), "the provider does not answer a copy it started");
        assertTrue(imagesIn("eu-west-1").isEmpty(), "the state machine makes the copy");
        assertEquals(1, cfn.executions().size());
        assertEquals(jobId(create), cfn.executions().get(0).name(), "the execution is named after the job");
        assertEquals(new JobOrigin.CloudFormation(ResourceEvent.parse(create).requestKey()),
                stack.store().job(jobId(create)).orElseThrow().origin(), "the job knows the request it answers");

        assertEquals(1, cfn.runExecutions());

        EmulatedImage copy = imagesIn("eu-west-1").get(0);
        ResponseUrlServer.Put put = assertAnswered(create, response(create, "SUCCESS", "copied " + SOURCE
                + " from us-east-1 to eu-west-1 as " + copy.imageId() + " (golden-2026-11), AVAILABLE; job "
                + jobId(create), copy.imageId(), attributes(copy.imageId(), "eu-west-1", "AVAILABLE")));
        assertFalse(put.at().isBefore(copy.completesAt()), "answered at " + put.at() + ", before the copy was"
                + " AVAILABLE at " + copy.completesAt());
        assertEquals(ImageState.AVAILABLE, copy.state());
        assertEquals("golden-2026-11", copy.name());
        assertEquals("Golden image", copy.description());
        assertEquals("euc", copy.tags().get("team"));
        assertEquals(SOURCE, copy.tags().get("wsicopy:source-image-id"));
        assertEquals(1, imagesIn("eu-west-1").size());
        Job job = stack.store().job(jobId(create)).orElseThrow();
        assertEquals(JobState.SUCCEEDED, job.state(), "the copy is a job like any other");
        Invariants.countersMatchTasks(stack.store(), jobId(create));
    }

    @Test
    void createWithoutWaitingAnswersWithTheNewIdAtOnce() {
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, with(golden("golden-2026-11"), "WaitForAvailable", "false"));

        cfn.deliverAndRun(create); // the workflow still follows the copy after the answer, for the job's record

        EmulatedImage copy = imagesIn("eu-west-1").get(0);
        ResponseUrlServer.Put put = assertAnswered(create, response(create, "SUCCESS", "the copy " + copy.imageId()
                + " of " + SOURCE + " to eu-west-1 has started (WaitForAvailable is false, so CloudFormation does not"
                + " wait for it)", copy.imageId(), attributes(copy.imageId(), "eu-west-1", "PENDING")));
        assertTrue(put.at().isBefore(copy.completesAt()), "answered at " + put.at() + ", not when the copy started");
        assertEquals(JobState.SUCCEEDED, stack.store().job(jobId(create)).orElseThrow().state());
        assertEquals(1, cfn.responses.puts().size(), "following the copy sends nothing more");
        assertEquals(ImageState.AVAILABLE, imagesIn("eu-west-1").get(0).state());
    }

    @Test
    void duplicateDeliveriesMakeOneCopyAndOneAnswer() {
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, golden("golden-2026-11"));

        cfn.deliver(create);
        cfn.deliver(create); // CloudFormation delivering the request again while the copy runs
        assertEquals(1, cfn.executions().size(), "the duplicate started no second execution");
        cfn.runExecutions();
        assertEquals("DUPLICATE", cfn.deliver(create).get("outcome"), "a delivery after the answer finds the request done");

        EmulatedImage copy = imagesIn("eu-west-1").get(0);
        assertAnswered(create, response(create, "SUCCESS", "copied " + SOURCE + " from us-east-1 to eu-west-1 as "
                + copy.imageId() + " (golden-2026-11), AVAILABLE; job " + jobId(create), copy.imageId(),
                attributes(copy.imageId(), "eu-west-1", "AVAILABLE")));
        assertEquals(1, stack.emulator.counters().copies(), "one CopyWorkspaceImage call");
        Invariants.noDuplicateCopies(stack, List.of("eu-west-1"));
    }

    @Test
    void anAnswerThatDidNotArriveIsSentAgainUnchanged() {
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, with(golden("golden-2026-11"), "WaitForAvailable", "false"));
        cfn.responses.refuseNext(1); // the copy step's answer does not arrive; the next step sends it again

        cfn.deliverAndRun(create);

        EmulatedImage copy = imagesIn("eu-west-1").get(0);
        assertAnswered(create, response(create, "SUCCESS", "the copy " + copy.imageId() + " of " + SOURCE
                + " to eu-west-1 has started (WaitForAvailable is false, so CloudFormation does not wait for it)",
                copy.imageId(), attributes(copy.imageId(), "eu-west-1", "PENDING")));
        assertEquals(1, stack.emulator.counters().copies());
    }

    // ---- properties ------------------------------------------------------------------------------------

    @Test
    void encryptedTrueIsRefusedNamingThePropertyAndTheRule() {
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, with(golden("golden-2026-11"), "Encrypted", "true"));

        assertEquals("ANSWERED", cfn.deliver(create).get("outcome"));

        assertAnswered(create, response(create, "FAILED", "invalid properties, nothing was copied: Encrypted (rule"
                + " notSupported): WorkSpaces offers no encryption option when copying an image; remove Encrypted or"
                + " set it to false", noImageId(create), Map.of()));
        assertTrue(imagesIn("eu-west-1").isEmpty());
        assertEquals(0, stack.emulator.counters().copies());
        assertTrue(stack.store().job(jobId(create)).isEmpty(), "a refused resource makes no job");
    }

    @Test
    void everyBadPropertyIsNamedWithItsRuleAtOnce() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("ImageId", "m-imageid1"); // an Alibaba image id, straight from the seed
        bad.put("DestinationImageName", "golden 2026:11");
        bad.put("Tag", List.of(Map.of("Key", "aws:owner", "Value", "me"), Map.of("Name", "x")));
        bad.put("WaitForAvailable", "maybe");
        bad.put("KMSKeyId", "alias/ros");
        bad.put("ServiceTimeout", "7200");
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, bad);

        cfn.deliver(create);

        String reason = String.valueOf(cfn.onlyResponse(create).json().get("Reason"));
        for (String expected : List.of(
                "KMSKeyId (rule unknownField): is not a property of Custom::WorkSpacesImageCopy",
                "DestinationRegionId (rule required): is required: give the Region to copy to",
                "WaitForAvailable (rule type): must be true or false, not \"maybe\"",
                "ServiceTimeout (rule range): must be a whole number of seconds from 1 to 3600",
                "Tag[1].Name (rule unknownField)",
                "ImageId (rule pattern): \"m-imageid1\" is not a WorkSpaces image id",
                "DestinationImageName (rule pattern): the text around the placeholders contains space, ':'",
                "Tag[0].Key (rule reserved): \"aws:owner\" starts with \"aws:\"",
                "Tag[1].Key (rule required)")) {
            assertTrue(reason.contains(expected), "missing «" + expected + "» in: " + reason);
        }
        assertFalse(reason.contains("at io.github"), "no stack trace");
        assertEquals(0, stack.emulator.counters().copies());
    }

    @Test
    void theWorkflowsRulesRefuseWhatWorkSpacesWouldRefuse() {
        Map<String, Object> missing = cfn.requests.create(LOGICAL_ID, with(golden("golden-2026-11"), "ImageId", "wsi-0missing01"));
        cfn.deliver(missing);
        assertAnswered(missing, response(missing, "FAILED", "ImageId (rule IMAGE_NOT_FOUND): wsi-0missing01 was not"
                + " found in us-east-1; check the id and the source Region, and for an image of another account that"
                + " it is shared with this account", noImageId(missing), Map.of()));
        assertEquals(JobState.FAILED, stack.store().job(jobId(missing)).orElseThrow().state());

        Map<String, Object> china = cfn.requests.create("GoldenImageInChina", with(golden("golden-2026-11"), "DestinationRegionId", "cn-northwest-1"));
        cfn.deliver(china);
        String reason = String.valueOf(cfn.onlyResponse(china).json().get("Reason"));
        assertTrue(reason.startsWith("DestinationRegionId (rule CHINA_SAME_REGION_ONLY): "), reason);
        assertEquals(0, stack.emulator.counters().copies());
    }

    @Test
    void aNameAlreadyTakenInTheDestinationIsNeverAdopted() {
        String theirs = stack.emulator.addImage(TestStack.ACCOUNT, "eu-west-1", ImageSeed.named("golden-2026-11"));
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, golden("golden-2026-11"));

        cfn.deliver(create);

        assertAnswered(create, response(create, "FAILED", "DestinationImageName (rule NAME_CONFLICT): an image named"
                + " golden-2026-11 already exists in eu-west-1. Image names are unique in a Region, and CloudFormation"
                + " creates a replacement before it deletes the image it replaces: give a DestinationImageName that is"
                + " not in use, or leave it out for a generated unique name", noImageId(create), Map.of()));
        assertEquals(List.of(theirs), imagesIn("eu-west-1").stream().map(EmulatedImage::imageId).toList());
        assertEquals(JobState.FAILED, stack.store().job(jobId(create)).orElseThrow().state());
    }

    @Test
    void withoutANameEachRequestGetsAUniqueOne() {
        Map<String, Object> properties = new LinkedHashMap<>(golden("unused"));
        properties.remove("DestinationImageName");
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, with(properties, "WaitForAvailable", false));

        cfn.deliverAndRun(create);

        assertEquals("win11-golden-" + jobId(create), imagesIn("eu-west-1").get(0).name());
        assertEquals("SUCCESS", cfn.onlyResponse(create).json().get("Status"));
    }

    // ---- same Region -------------------------------------------------------------------------------------

    @Test
    void aSameRegionRequestWithAllowCopyInSameRegionAnswersTheSourceItself() {
        Map<String, Object> properties = with(with(golden("golden-2026-11"), "DestinationRegionId", "us-east-1"),
                "AllowCopyInSameRegion", "true");
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, properties);

        cfn.deliver(create);

        Map<String, String> data = new LinkedHashMap<>();
        data.put("ImageId", SOURCE);
        data.put("SourceRegionId", "us-east-1");
        data.put("DestinationRegionId", "us-east-1");
        data.put("State", "AVAILABLE");
        assertAnswered(create, response(create, "SUCCESS", "AllowCopyInSameRegion is true and us-east-1 is the source"
                + " Region: nothing was copied, the resource is the source image " + SOURCE + " itself (Delete leaves"
                + " it alone)", SOURCE, data));
        assertEquals(0, stack.emulator.counters().copies());

        Map<String, Object> delete = cfn.requests.delete(LOGICAL_ID, SOURCE, properties);
        cfn.deliver(delete);
        assertAnswered(delete, response(delete, "SUCCESS", SOURCE + " is the source image itself"
                + " (AllowCopyInSameRegion): nothing was copied, so nothing is deleted", SOURCE, Map.of()));
        assertEquals(1, imagesIn("us-east-1").size(), "the source image is still there");
    }

    @Test
    void aSameRegionRequestWithoutAllowCopyInSameRegionIsRefused() {
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, with(golden("golden-2026-11"), "DestinationRegionId", "us-east-1"));

        cfn.deliver(create);

        assertAnswered(create, response(create, "FAILED", "AllowCopyInSameRegion (rule SAME_REGION_NOT_ALLOWED):"
                + " us-east-1 is the source Region; set AllowCopyInSameRegion: true to get the source image's id"
                + " without a copy, or choose another DestinationRegionId", noImageId(create), Map.of()));
        assertEquals(0, stack.emulator.counters().copies());
    }

    // ---- Update ------------------------------------------------------------------------------------------

    @Test
    void changingAnImagePropertyReplacesTheCopyAndCloudFormationDeletesTheOldOne() {
        String first = createAndWait(golden("golden-2026-11"));

        Map<String, Object> update = cfn.requests.update(LOGICAL_ID, first, golden("golden-2026-12"), golden("golden-2026-11"));
        cfn.deliverAndRun(update);

        EmulatedImage second = imagesIn("eu-west-1").stream().filter(i -> !i.imageId().equals(first)).findFirst().orElseThrow();
        assertNotEquals(first, second.imageId());
        assertAnswered(update, response(update, "SUCCESS", "copied " + SOURCE + " from us-east-1 to eu-west-1 as "
                + second.imageId() + " (golden-2026-12), AVAILABLE; job " + jobId(update), second.imageId(),
                attributes(second.imageId(), "eu-west-1", "AVAILABLE")));
        assertEquals(2, imagesIn("eu-west-1").size(), "the old copy stays until CloudFormation deletes it");

        // CloudFormation's cleanup after a replacement: Delete with the old physical id and old properties.
        Map<String, Object> delete = cfn.requests.delete(LOGICAL_ID, first, golden("golden-2026-11"));
        cfn.deliver(delete);
        assertAnswered(delete, response(delete, "SUCCESS", "deleted " + first + " in eu-west-1", first, Map.of()));
        assertEquals(List.of(second.imageId()), imagesIn("eu-west-1").stream().map(EmulatedImage::imageId).toList());
    }

    @Test
    void changingOnlyHowTheProviderBehavesKeepsTheImageAndSoDoesARollback() {
        String image = createAndWait(golden("golden-2026-11"));
        Map<String, Object> behaviour = with(with(golden("golden-2026-11"), "RetainOnDelete", "true"), "WaitForAvailable", "false");

        Map<String, Object> update = cfn.requests.update(LOGICAL_ID, image, behaviour, golden("golden-2026-11"));
        cfn.deliver(update);
        String inPlace = "updated in place: only properties about the provider's behaviour changed, so " + image
                + " stays the resource's image";
        assertAnswered(update, response(update, "SUCCESS", inPlace, image, attributes(image, "eu-west-1", "AVAILABLE")));

        // A later failure elsewhere in the stack rolls this resource back to the old properties: same image.
        Map<String, Object> rollback = cfn.requests.update(LOGICAL_ID, image, golden("golden-2026-11"), behaviour);
        cfn.deliver(rollback);
        assertAnswered(rollback, response(rollback, "SUCCESS", inPlace, image, attributes(image, "eu-west-1", "AVAILABLE")));

        assertEquals(1, stack.emulator.counters().copies());
        assertEquals(1, cfn.executions().size(), "an update in place starts nothing");
    }

    @Test
    void aReplacementThatFailsKeepsTheCurrentImageAndRemovesItsOwnCopy() {
        String image = createAndWait(golden("golden-2026-11"));
        stack.emulator.markCopyFailure(SOURCE, "InternalError", "the copy broke");

        Map<String, Object> update = cfn.requests.update(LOGICAL_ID, image, golden("golden-2026-12"), golden("golden-2026-11"));
        cfn.deliverAndRun(update);

        String reason = String.valueOf(cfn.onlyResponse(update).json().get("Reason"));
        assertEquals(image, cfn.onlyResponse(update).json().get("PhysicalResourceId"), "the resource did not change");
        assertEquals("FAILED", cfn.onlyResponse(update).json().get("Status"));
        assertTrue(reason.startsWith("the copy failed (rule COPY_FAILED): WorkSpaces reports the copy "), reason);
        assertTrue(reason.contains("InternalError: the copy broke") && reason.endsWith(" was deleted)"), reason);
        assertEquals(List.of(image), imagesIn("eu-west-1").stream().map(EmulatedImage::imageId).toList());
    }

    @Test
    void anUpdateWithABadPropertyFailsAndKeepsTheResourceAsItWas() {
        String image = createAndWait(golden("golden-2026-11"));

        Map<String, Object> update = cfn.requests.update(LOGICAL_ID, image, with(golden("golden-2026-11"), "Encrypted", "yes"),
                golden("golden-2026-11"));
        cfn.deliver(update);

        assertAnswered(update, response(update, "FAILED", "invalid properties, nothing was copied: Encrypted (rule type):"
                + " must be true or false, not \"yes\"", image, Map.of()));
        assertEquals(List.of(image), imagesIn("eu-west-1").stream().map(EmulatedImage::imageId).toList());
    }

    // ---- Delete ------------------------------------------------------------------------------------------

    @Test
    void deleteRemovesTheCopy() {
        String image = createAndWait(golden("golden-2026-11"));

        Map<String, Object> delete = cfn.requests.delete(LOGICAL_ID, image, golden("golden-2026-11"));
        cfn.deliver(delete);
        cfn.deliver(delete); // a duplicate Delete: same answer, sent once

        assertAnswered(delete, response(delete, "SUCCESS", "deleted " + image + " in eu-west-1", image, Map.of()));
        assertTrue(imagesIn("eu-west-1").isEmpty());
        assertEquals(1, imagesIn("us-east-1").size(), "the source is untouched");
    }

    @Test
    void deleteAfterAFailedCreateSucceedsWithNothingToDelete() {
        Map<String, Object> properties = with(golden("golden-2026-11"), "Encrypted", true);
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, properties);
        cfn.deliver(create);
        String physicalId = String.valueOf(cfn.onlyResponse(create).json().get("PhysicalResourceId"));
        assertEquals(noImageId(create), physicalId);

        Map<String, Object> delete = cfn.requests.delete(LOGICAL_ID, physicalId, properties);
        cfn.deliver(delete);

        assertAnswered(delete, response(delete, "SUCCESS", "nothing to delete: this resource never got an image",
                physicalId, Map.of()));
        assertTrue(imagesIn("eu-west-1").isEmpty());
        assertEquals(1, imagesIn("us-east-1").size());
    }

    @Test
    void aCopyEndingInErrorFailsTheCreateAndItsRollbackDeletesIt() {
        stack.emulator.markCopyFailure(SOURCE, "InternalError", "the copy broke");
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, golden("golden-2026-11"));

        cfn.deliverAndRun(create);

        EmulatedImage broken = imagesIn("eu-west-1").get(0);
        assertEquals(ImageState.ERROR, broken.state());
        assertAnswered(create, response(create, "FAILED", "the copy failed (rule COPY_FAILED): WorkSpaces reports the"
                + " copy " + broken.imageId() + " in eu-west-1 in ERROR: InternalError: the copy broke", broken.imageId(), Map.of()));

        Map<String, Object> rollback = cfn.requests.delete(LOGICAL_ID, broken.imageId(), golden("golden-2026-11"));
        cfn.deliver(rollback);
        assertEquals("SUCCESS", cfn.onlyResponse(rollback).json().get("Status"));
        assertTrue(imagesIn("eu-west-1").isEmpty());
    }

    @Test
    void retainOnDeleteKeepsTheImage() {
        Map<String, Object> properties = with(golden("golden-2026-11"), "RetainOnDelete", "true");
        String image = createAndWait(properties);

        Map<String, Object> delete = cfn.requests.delete(LOGICAL_ID, image, properties);
        cfn.deliver(delete);

        assertAnswered(delete, response(delete, "SUCCESS", "kept " + image + ": RetainOnDelete is true", image, Map.of()));
        assertEquals(1, imagesIn("eu-west-1").size());
    }

    // ---- CloudFormation never waits in vain ---------------------------------------------------------------

    @Test
    void aCopyLongerThanCloudFormationWaitsFailsBeforeCloudFormationGivesUp() {
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, with(golden("golden-2026-11"), "ServiceTimeout", "600"));

        cfn.deliverAndRun(create);

        EmulatedImage copy = imagesIn("eu-west-1").get(0);
        ResponseUrlServer.Put put = assertAnswered(create, response(create, "FAILED", "WaitForAvailable (rule"
                + " CLOUDFORMATION_WAIT_EXCEEDED): the copy " + copy.imageId() + " of " + SOURCE + " to eu-west-1 was"
                + " not AVAILABLE within the 600 s CloudFormation waits for this resource (ServiceTimeout, at most"
                + " 3600). Copies can take longer than an hour: set WaitForAvailable: false to get the image id as soon"
                + " as the copy starts", copy.imageId(), Map.of()));
        // The request arrived at the clock's start; CloudFormation gives up 600 s later.
        assertTrue(put.at().isBefore(MutableClock.DEFAULT_START.plusSeconds(600)), "answered at " + put.at()
                + ", after CloudFormation gave up");
        assertEquals(JobState.FAILED, stack.store().job(jobId(create)).orElseThrow().state());
        assertEquals(ReasonCode.CLOUDFORMATION_WAIT_EXCEEDED, stack.store().tasks(jobId(create)).get(0).reasonCode().orElseThrow());
        assertEquals(0, cfn.runExecutions(), "the execution ended");
    }

    @Test
    void aProviderThatFailsStillAnswersFailed() {
        String missing = stack.stateMachineArn.replace("wsicopy-bulk-copy", "deleted-state-machine");
        try (ProviderHarness failing = new ProviderHarness(stack, missing)) {
            Map<String, Object> create = failing.requests.create(LOGICAL_ID, golden("golden-2026-11"));

            assertEquals("ANSWERED", failing.deliver(create).get("outcome"));

            Map<String, Object> body = failing.onlyResponse(create).json();
            assertEquals("FAILED", body.get("Status"));
            String reason = String.valueOf(body.get("Reason"));
            assertTrue(reason.startsWith("the provider failed: StateMachineDoesNotExist"), reason);
            assertFalse(reason.contains("Exception:"), "no Java class name: " + reason);
            assertFalse(reason.contains("\tat "), "no stack trace: " + reason);
            assertEquals(noImageId(create), body.get("PhysicalResourceId"), "nothing was copied");
            assertEquals(JobState.FAILED, stack.store().job(jobId(create)).orElseThrow().state());
            CopyTask task = stack.store().tasks(jobId(create)).get(0);
            assertTrue(task.reason().orElseThrow().contains("StateMachineDoesNotExist"), task.toString());
            assertTrue(imagesIn("eu-west-1").isEmpty());
        }
    }

    @Test
    void whenLambdaGivesUpOnTheProviderTheFailureHandlerAnswers() {
        Map<String, Object> create = cfn.requests.create(LOGICAL_ID, golden("golden-2026-11"));
        Map<String, Object> lost = create; // CloudFormation's delivery timed out three times

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("version", "1.0");
        record.put("timestamp", "2026-01-01T00:20:00.000Z");
        record.put("requestContext", Map.of("requestId", "e0d4c5a8", "functionArn",
                "arn:aws:lambda:us-east-1:123456789012:function:wsicopy-ImageCopyProviderFunction-AbC123:$LATEST",
                "condition", "RetriesExhausted", "approximateInvokeCount", 3));
        record.put("requestPayload", lost);
        record.put("responseContext", Map.of("statusCode", 200, "executedVersion", "$LATEST", "functionError", "Unhandled"));
        record.put("responsePayload", Map.of("errorType", "Sandbox.Timedout", "errorMessage", "Task timed out after 120.00 seconds"));
        Map<String, Object> out = Invoke.handler(new ProviderFailureHandler(cfn.components), record);

        assertEquals("ANSWERED", out.get("outcome"));
        assertAnswered(create, response(create, "FAILED", "the provider function gave up on this request"
                + " (RetriesExhausted after 3 attempts: Sandbox.Timedout: Task timed out after 120.00 seconds)",
                noImageId(create), Map.of()));
        assertTrue(stack.store().job(jobId(create)).isEmpty(), "no job was made");
    }

    @Test
    void anEventWithoutAResponseUrlCannotBeAnswered() {
        Map<String, Object> create = new LinkedHashMap<>(cfn.requests.create(LOGICAL_ID, golden("golden-2026-11")));
        create.remove("ResponseURL");

        Map<String, Object> out = cfn.deliver(create);

        assertEquals("UNANSWERABLE", out.get("outcome"));
        assertTrue(String.valueOf(out.get("error")).contains("'ResponseURL' is missing"));
        assertEquals(0, stack.emulator.counters().copies());
    }
}
