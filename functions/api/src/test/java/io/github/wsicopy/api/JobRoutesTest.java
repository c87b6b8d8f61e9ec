package io.github.wsicopy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.local.stepfunctions.StepFunctionsEmulator;
import io.github.wsicopy.local.workspaces.ImageSeed;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POST /jobs, the dry run, GET /jobs, GET /jobs/{jobId} and its tasks, through the handler on the local stack. */
class JobRoutesTest {
    static final String SOURCE = "us-east-1";
    static final String EU = "eu-west-1";
    static final String AP = "ap-northeast-1";

    private Api api = Api.onNewStack();
    private final TestStack stack = api.stack;

    @AfterEach
    void stop() {
        api.close();
    }

    private Map<String, Object> request(int images) {
        return api.request(images, List.of(EU, AP));
    }

    // ---- POST /jobs ------------------------------------------------------------------------------------

    @Test
    void aValidRequestIsStoredAndStartedAndAnswered202WithTheJobsUrl() {
        Api.Response response = api.post("/jobs", request(2));

        assertEquals(202, response.status(), response.body().toString());
        String jobId = response.text("jobId");
        assertTrue(jobId.matches("^j-\\d{8}T\\d{6}Z-[0-9a-z]{8}$"), jobId);
        assertEquals("SUBMITTED", response.text("state"));
        assertEquals("https://api.example.test/jobs/" + jobId, response.text("url"));
        assertEquals(response.text("url"), response.headers().get("location"));
        assertEquals("application/json", response.headers().get("content-type"));
        assertEquals(JobState.SUBMITTED, stack.store().job(jobId).orElseThrow().state());
        List<StepFunctionsEmulator.Execution> executions = stack.stepFunctions.executions();
        assertEquals(1, executions.size());
        assertEquals(jobId, executions.get(0).name(), "the execution is named after the job");
        assertEquals(Map.of("jobId", jobId), Json.parse(executions.get(0).input()));
        assertEquals(0, stack.emulator.counters().calls(), "submitting does not call WorkSpaces; validate does");
    }

    @Test
    void anInvalidRequestGetsEveryFieldErrorAndNothingIsStoredOrStarted() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("sourceRegion", "US-EAST-1");
        bad.put("imageIds", List.of("wsi-abc123def", "ami-1"));
        bad.put("destinationRegions", List.of());
        bad.put("encrypted", true);
        bad.put("colour", "blue");

        Api.Response response = api.post("/jobs", bad);

        assertEquals(400, response.status());
        assertEquals("application/problem+json", response.headers().get("content-type"));
        assertEquals(ProblemType.INVALID_REQUEST.uri(), response.problemType());
        assertEquals(400, ((Number) response.json().get("status")).intValue());
        assertTrue(response.errorFields().containsAll(List.of("sourceRegion", "imageIds[1]", "destinationRegions",
                "encrypted", "colour")), response.errorFields().toString());
        response.errors().forEach(e -> {
            assertNotNull(e.get("rule"));
            assertFalse(((String) e.get("message")).isBlank());
        });
        assertTrue(api.get("/jobs").list("jobs").isEmpty(), "nothing stored");
        assertEquals(0, stack.stepFunctions.calls().size(), "nothing started");
    }

    @Test
    void aBodyThatIsNotAJsonObjectIs400AndNamesTheProblem() {
        for (String body : List.of("{not json", "[1, 2]", "\"text\"", "")) {
            Api.Response response = api.post("/jobs", body);
            assertEquals(400, response.status(), body);
            assertEquals(ProblemType.MALFORMED_JSON.uri(), response.problemType(), body);
        }
        assertEquals(0, stack.stepFunctions.calls().size());
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIs415() {
        Api.Response plain = api.call("POST", "/jobs", Map.of("content-type", "text/plain"), Json.write(request(1)));
        Api.Response none = api.call("POST", "/jobs", Map.of(), Json.write(request(1)));
        Api.Response charset = api.post("/jobs", request(1), Map.of("content-type", "application/json; charset=utf-8"));

        assertEquals(415, plain.status());
        assertEquals(ProblemType.UNSUPPORTED_MEDIA_TYPE.uri(), plain.problemType());
        assertEquals(415, none.status());
        assertEquals(202, charset.status(), "a charset parameter is fine");
    }

    @Test
    void anOversizedBodyIs413() {
        api = new Api(stack, Map.of("MAX_BODY_BYTES", "2048"));
        Map<String, Object> big = request(1);
        big.put("description", "x".repeat(3000));

        Api.Response response = api.post("/jobs", big);

        assertEquals(413, response.status());
        assertEquals(ProblemType.PAYLOAD_TOO_LARGE.uri(), response.problemType());
        assertEquals(0, stack.stepFunctions.calls().size());
    }

    @Test
    void unknownQueryParametersAndABadDryRunFlagAre400() {
        Api.Response typo = api.post("/jobs?dryrun=true", request(1));
        Api.Response flag = api.post("/jobs?dryRun=yes", request(1));

        assertEquals(400, typo.status());
        assertEquals(ProblemType.INVALID_PARAMETER.uri(), typo.problemType());
        assertEquals(List.of("dryrun"), typo.errorFields());
        assertEquals(400, flag.status());
        assertEquals(List.of("dryRun"), flag.errorFields());
        assertEquals(0, stack.stepFunctions.calls().size());
    }

    // ---- dry run -----------------------------------------------------------------------------------------

    @Test
    void aDryRunReturnsThePlanWithReasonsAndStoresAndStartsNothing() {
        String golden = stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("win11-golden"));
        String byol = stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("win11-byol").byol(true));
        stack.emulator.addImage(TestStack.ACCOUNT, AP, ImageSeed.named("win11-golden"));
        Map<String, Object> request = Jobs.request(SOURCE, List.of(golden, byol, "wsi-000nothere"), List.of(EU, AP));

        for (String path : List.of("/jobs?dryRun=true", "/plans")) {
            Api.Response response = api.post(path, request);

            assertEquals(200, response.status(), path + ": " + response.body());
            List<Map<String, Object>> copies = response.list("copies");
            assertEquals(List.of(Map.of("sourceImageId", golden, "destinationRegion", EU)), copies.stream()
                    .map(c -> Map.of("sourceImageId", c.get("sourceImageId"), "destinationRegion", c.get("destinationRegion")))
                    .toList(), path);
            assertEquals("win11-golden", copies.get(0).get("destinationName"));
            Map<String, Object> reasons = new LinkedHashMap<>();
            response.list("rejections").forEach(r -> reasons.put(r.get("sourceImageId") + "→" + r.get("destinationRegion"),
                    r.get("reasonCode")));
            assertEquals("ALREADY_REPLICATED", reasons.get(golden + "→" + AP));
            assertEquals("BYOL_NOT_ENABLED", reasons.get(byol + "→" + EU));
            assertEquals("IMAGE_NOT_FOUND", reasons.get("wsi-000nothere→" + EU));
            Map<?, ?> summary = (Map<?, ?>) response.json().get("summary");
            assertEquals(1, ((Number) summary.get("copies")).intValue());
            assertEquals(1, ((Number) summary.get("alreadyReplicated")).intValue());
            assertEquals(4, ((Number) summary.get("rejected")).intValue());
        }
        assertTrue(api.get("/jobs").list("jobs").isEmpty(), "a dry run stores nothing");
        assertEquals(0, stack.stepFunctions.calls().size(), "a dry run starts nothing");
        assertEquals(0, stack.emulator.counters().calls("CopyWorkspaceImage"));
    }

    @Test
    void aDryRunSaysWhichImagesQuotaItUsedInEachRegionAndWhereItCameFrom() {
        api = new Api(stack, Map.of("IMAGE_QUOTA_CODE", "L-5C1D0E21", "IMAGE_QUOTA_PER_REGION", "40"));
        stack.serviceQuotas.setAppliedQuota(TestStack.ACCOUNT, EU, "workspaces", "L-5C1D0E21", 3);
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 4);

        Api.Response response = api.post("/plans", Jobs.request(SOURCE, images, List.of(EU, AP)));

        assertEquals(200, response.status(), String.valueOf(response.body()));
        assertEquals(List.of(Map.of("region", AP, "imageQuota", 40, "quotaSource", "configured"),
                Map.of("region", EU, "imageQuota", 3, "quotaSource", "service-quotas")),
                response.list("imageQuotas").stream().map(q -> Map.of("region", q.get("region"),
                        "imageQuota", ((Number) q.get("imageQuota")).intValue(), "quotaSource", q.get("quotaSource")))
                        .toList());
        Map<String, Object> over = response.list("rejections").get(0);
        assertEquals("DESTINATION_QUOTA_EXCEEDED", over.get("reasonCode"));
        assertEquals("service-quotas", ((Map<?, ?>) over.get("reasonParams")).get("quotaSource"));
    }

    @Test
    void aDryRunOfAnInvalidRequestIs400AndOfAnUnreadableSourceIs422() {
        Api.Response invalid = api.post("/plans", Map.of("sourceRegion", "us-east-1"));
        stack.emulator.faults().denyRegion(SOURCE);
        Api.Response unreadable = api.post("/plans", Jobs.request(SOURCE, List.of("wsi-abc123def"), List.of(EU)));

        assertEquals(400, invalid.status());
        assertEquals(List.of("imageIds", "destinationRegions"), invalid.errorFields());
        assertEquals(422, unreadable.status(), unreadable.body().toString());
        assertEquals(ProblemType.SOURCE_UNREADABLE.uri(), unreadable.problemType());
    }

    // ---- GET /jobs, GET /jobs/{jobId} --------------------------------------------------------------------

    @Test
    void jobsAreListedNewestFirstPageByPage() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(api.post("/jobs", request(1)).text("jobId"));
            stack.clock.advance(Duration.ofMinutes(1));
        }
        List<String> listed = new java.util.ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Api.Response page = api.get("/jobs?limit=2" + (token == null ? "" : "&nextToken=" + token));
            assertEquals(200, page.status(), page.body().toString());
            page.list("jobs").forEach(j -> listed.add((String) j.get("jobId")));
            token = page.text("nextToken");
            pages++;
        } while (token != null);

        assertEquals(ids.reversed(), listed);
        assertTrue(pages >= 3, "pages: " + pages);
        Map<String, Object> first = api.get("/jobs?limit=1").list("jobs").get(0);
        assertEquals(Map.of("self", "/jobs/" + ids.get(4), "tasks", "/jobs/" + ids.get(4) + "/tasks"), first.get("links"));
    }

    @Test
    void badListingParametersAre400WithEachField() {
        Api.Response response = api.get("/jobs?limit=0&nextToken=abc&colour=blue");
        Api.Response token = api.get("/jobs?nextToken=bm90LWEtdG9rZW4");

        assertEquals(400, response.status());
        assertTrue(response.errorFields().containsAll(List.of("colour")), response.errorFields().toString());
        assertEquals(400, api.get("/jobs?limit=101").status());
        assertEquals(List.of("limit"), api.get("/jobs?limit=ten").errorFields());
        assertEquals(400, token.status());
        assertEquals(List.of("nextToken"), token.errorFields());
    }

    @Test
    void aJobShowsItsStateCountersTimestampsAndRequest() {
        Map<String, Object> request = request(2);
        String jobId = api.post("/jobs", request).text("jobId");
        Jobs.plan(api.components, jobId, Map.of());

        Api.Response response = api.get("/jobs/" + jobId);

        assertEquals(200, response.status());
        assertEquals("RUNNING", response.text("state"));
        Map<?, ?> counts = (Map<?, ?>) response.json().get("counts");
        assertEquals(4, ((Number) counts.get("total")).intValue());
        assertEquals(4, ((Number) counts.get("pending")).intValue());
        assertEquals(stack.clock.instant().toString(), response.text("createdAt"));
        assertNotNull(response.text("updatedAt"));
        assertNull(response.json().get("finishedAt"));
        assertEquals(List.of(EU, AP), io.github.wsicopy.core.testing.Jobs.regionsOf(response.json()));
        assertEquals(request.get("imageIds"), ((Map<?, ?>) response.json().get("request")).get("imageIds"));
    }

    @Test
    void anUnknownJobIs404ForEveryJobRoute() {
        for (String path : List.of("/jobs/j-nothere", "/jobs/j-nothere/tasks", "/jobs/not%20an%20id")) {
            Api.Response response = api.get(path);
            assertEquals(404, response.status(), path);
            assertEquals(ProblemType.JOB_NOT_FOUND.uri(), response.problemType(), path);
        }
        assertEquals(404, api.post("/jobs/j-nothere/cancel", null).status());
        assertEquals(404, api.post("/jobs/j-nothere/retry", null).status());
        assertEquals(400, api.get("/jobs/j-nothere?verbose=true").status(), "parameters are checked first");
    }

    // ---- GET /jobs/{jobId}/tasks ------------------------------------------------------------------------

    @Test
    void tasksArePagedAndFilteredByStateAndRegion() {
        String byol = stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("byol").byol(true));
        List<String> images = new java.util.ArrayList<>(Jobs.seedImages(stack, SOURCE, "golden", 3));
        images.add(byol);
        String jobId = api.post("/jobs", Jobs.request(SOURCE, images, List.of(EU, AP))).text("jobId");
        Jobs.plan(api.components, jobId, Map.of());

        List<Map<String, Object>> all = new java.util.ArrayList<>();
        String token = null;
        do {
            Api.Response page = api.get("/jobs/" + jobId + "/tasks?limit=3" + (token == null ? "" : "&nextToken=" + token));
            assertEquals(200, page.status(), page.body().toString());
            all.addAll(page.list("tasks"));
            token = page.text("nextToken");
        } while (token != null);
        Api.Response skipped = api.get("/jobs/" + jobId + "/tasks?state=SKIPPED");
        Api.Response euPending = api.get("/jobs/" + jobId + "/tasks?region=" + EU + "&state=PENDING&limit=2");

        assertEquals(8, all.size());
        assertEquals(2, skipped.list("tasks").size(), "the BYOL image in both Regions");
        skipped.list("tasks").forEach(t -> assertEquals("BYOL_NOT_ENABLED", t.get("reasonCode")));
        assertEquals(2, euPending.list("tasks").size());
        euPending.list("tasks").forEach(t -> {
            assertEquals(EU, t.get("destinationRegion"));
            assertEquals("PENDING", t.get("state"));
        });
        assertNotNull(euPending.text("nextToken"), "a third PENDING task in eu-west-1 follows");
        Api.Response rest = api.get("/jobs/" + jobId + "/tasks?region=" + EU + "&state=PENDING&limit=2&nextToken="
                + euPending.text("nextToken"));
        assertEquals(1, rest.list("tasks").size());
    }

    @Test
    void badTaskFiltersAre400AndATokenOfAnotherJobIsRefused() {
        String first = api.post("/jobs", request(3)).text("jobId");
        String second = api.post("/jobs", request(1)).text("jobId");
        Jobs.plan(api.components, first, Map.of());
        Jobs.plan(api.components, second, Map.of());
        String token = api.get("/jobs/" + first + "/tasks?limit=1").text("nextToken");

        Api.Response filters = api.get("/jobs/" + first + "/tasks?state=DONE&region=EU-WEST-1");
        Api.Response foreign = api.get("/jobs/" + second + "/tasks?nextToken=" + token);

        assertEquals(400, filters.status());
        assertEquals(List.of("region", "state"), filters.errorFields());
        assertEquals(400, foreign.status());
        assertEquals(List.of("nextToken"), foreign.errorFields());
    }
}
