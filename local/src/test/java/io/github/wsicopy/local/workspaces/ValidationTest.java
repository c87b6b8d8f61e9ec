package io.github.wsicopy.local.workspaces;

import io.github.wsicopy.local.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.InvalidParameterValuesException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.github.wsicopy.local.workspaces.Clients.ACCOUNT_A;
import static io.github.wsicopy.local.workspaces.ImageOperationsTest.tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests that break the model's constraints, and requests that are not API calls at all. */
class ValidationTest {

    private static final String SOURCE = "wsi-abcdefghi";
    private WorkSpacesEmulator emu;
    private WorkSpacesClient client;

    @BeforeEach
    void start() {
        emu = WorkSpacesEmulator.start(Clients.config(new MutableClock()));
        emu.addImage(ACCOUNT_A, "us-east-1", ImageSeed.named("source").imageId(SOURCE));
        client = Clients.client(emu, "us-east-1");
    }

    @AfterEach
    void stop() {
        client.close();
        emu.close();
    }

    /** A name for the report, the member the message must name, and the call. */
    static Stream<Arguments> invalidRequests() {
        String longName = "n".repeat(65);
        List<String> ids26 = Collections.nCopies(26, SOURCE);
        return Stream.of(
                call("Name with a space", "Name", c -> copy(c, "has space", null, SOURCE, "us-east-1")),
                call("Name with a colon", "Name", c -> copy(c, "a:b", null, SOURCE, "us-east-1")),
                call("Name empty", "Name", c -> copy(c, "", null, SOURCE, "us-east-1")),
                call("Name 65 chars", "Name", c -> copy(c, longName, null, SOURCE, "us-east-1")),
                call("Name missing", "Name", c -> copy(c, null, null, SOURCE, "us-east-1")),
                call("Description with a colon", "Description", c -> copy(c, "ok", "a: b", SOURCE, "us-east-1")),
                call("Description 257 chars", "Description", c -> copy(c, "ok", "d".repeat(257), SOURCE, "us-east-1")),
                call("SourceImageId of EC2", "SourceImageId", c -> copy(c, "ok", null, "ami-12345678", "us-east-1")),
                call("SourceImageId too short", "SourceImageId", c -> copy(c, "ok", null, "wsi-abc", "us-east-1")),
                call("SourceImageId missing", "SourceImageId", c -> copy(c, "ok", null, null, "us-east-1")),
                call("SourceRegion upper case", "SourceRegion", c -> copy(c, "ok", null, SOURCE, "US-EAST-1")),
                call("SourceRegion 32 chars", "SourceRegion", c -> copy(c, "ok", null, SOURCE, "a".repeat(32))),
                call("Tag key empty", "Tags.1.member.Key", c -> c.copyWorkspaceImage(r -> r.name("ok").sourceImageId(SOURCE)
                        .sourceRegion("us-east-1").tags(tag("", "v")))),
                call("Tag key 128 chars", "Tags.1.member.Key", c -> c.createTags(r -> r.resourceId(SOURCE).tags(tag("k".repeat(128), "v")))),
                call("Tag value 256 chars", "Tags.2.member.Value", c -> c.createTags(r -> r.resourceId(SOURCE)
                        .tags(tag("a", "b"), tag("k", "v".repeat(256))))),
                call("ImageIds empty", "ImageIds", c -> c.describeWorkspaceImages(r -> r.imageIds(List.of()))),
                call("ImageIds 26", "ImageIds", c -> c.describeWorkspaceImages(r -> r.imageIds(ids26))),
                call("ImageIds bad member", "ImageIds.1.member", c -> c.describeWorkspaceImages(r -> r.imageIds("image-1"))),
                call("MaxResults 0", "MaxResults", c -> c.describeWorkspaceImages(r -> r.maxResults(0))),
                call("MaxResults 26", "MaxResults", c -> c.describeWorkspaceImages(r -> r.maxResults(26))),
                call("ImageType unknown", "ImageType", c -> c.describeWorkspaceImages(r -> r.imageType("PUBLIC"))),
                call("NextToken empty", "NextToken", c -> c.describeWorkspaceImages(r -> r.nextToken(""))),
                call("SharedAccountId short", "SharedAccountId", c -> c.updateWorkspaceImagePermission(
                        r -> r.imageId(SOURCE).allowCopyImage(true).sharedAccountId("12345"))),
                call("AllowCopyImage missing", "AllowCopyImage", c -> c.updateWorkspaceImagePermission(
                        r -> r.imageId(SOURCE).sharedAccountId("210987654321"))),
                call("Permissions MaxResults 26", "MaxResults", c -> c.describeWorkspaceImagePermissions(r -> r.imageId(SOURCE).maxResults(26))),
                call("ResourceId empty", "ResourceId", c -> c.describeTags(r -> r.resourceId(""))),
                call("TagKeys missing", "TagKeys", c -> c.deleteTags(r -> r.resourceId(SOURCE))),
                call("Tags missing", "Tags", c -> c.createTags(r -> r.resourceId(SOURCE))),
                call("ImageId missing", "ImageId", c -> c.deleteWorkspaceImage(r -> { })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void constraintViolationsAreInvalidParameterValues(String name, String member, Function<WorkSpacesClient, ?> call) {
        var e = assertThrows(InvalidParameterValuesException.class, () -> call.apply(client));

        assertEquals(400, e.statusCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("at '" + member + "'"), e.awsErrorDetails().errorMessage());
    }

    @Test
    void everyViolationIsReported() {
        var e = assertThrows(InvalidParameterValuesException.class,
                () -> copy(client, "bad name", "bad: description", "nope", "EU"));

        assertTrue(e.awsErrorDetails().errorMessage().startsWith("4 validation errors detected: "), e.getMessage());
    }

    @Test
    void requestsWithoutSigV4AuthorizationAreRefused() throws Exception {
        HttpResponse<String> response = post("WorkspacesService.DescribeAccount", null, "{}");

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("\"__type\":\"MissingAuthenticationTokenException\""), response.body());
        HttpResponse<String> garbled = post("WorkspacesService.DescribeAccount", "AWS4-HMAC-SHA256 Credential=nonsense", "{}");
        assertTrue(garbled.body().contains("MissingAuthenticationTokenException"), garbled.body());
    }

    @Test
    void unknownTargetsAndBadJsonAreRefused() throws Exception {
        String auth = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/workspaces/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=0123";

        HttpResponse<String> unknown = post("WorkspacesService.DescribeWorkspaces", auth, "{}");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("\"__type\":\"UnknownOperationException\""), unknown.body());
        assertEquals("UnknownOperationException", unknown.headers().firstValue("x-amzn-ErrorType").orElseThrow());

        HttpResponse<String> badJson = post("WorkspacesService.DescribeAccount", auth, "{not json");
        assertTrue(badJson.body().contains("\"__type\":\"SerializationException\""), badJson.body());

        HttpResponse<String> wrongType = post("WorkspacesService.DescribeWorkspaceImages", auth, "{\"MaxResults\":\"5\"}");
        assertTrue(wrongType.body().contains("\"__type\":\"SerializationException\""), wrongType.body());

        HttpResponse<String> ok = post("WorkspacesService.DescribeAccount", auth, "");
        assertEquals(200, ok.statusCode());
        assertEquals(ApiHandler.CONTENT_TYPE, ok.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"DedicatedTenancySupport\":\"DISABLED\"}", ok.body());
    }

    private HttpResponse<String> post(String target, String authorization, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emu.endpoint() + "/"))
                .header("Content-Type", ApiHandler.CONTENT_TYPE)
                .header("X-Amz-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static Object copy(WorkSpacesClient c, String name, String description, String sourceId, String sourceRegion) {
        return c.copyWorkspaceImage(r -> r.name(name).description(description).sourceImageId(sourceId).sourceRegion(sourceRegion));
    }

    private static Arguments call(String name, String member, Function<WorkSpacesClient, ?> call) {
        return Arguments.of(name, member, call);
    }
}
