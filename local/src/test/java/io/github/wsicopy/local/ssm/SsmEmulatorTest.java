package io.github.wsicopy.local.ssm;

import io.github.wsicopy.local.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.HierarchyLevelLimitExceededException;
import software.amazon.awssdk.services.ssm.model.InvalidResourceIdException;
import software.amazon.awssdk.services.ssm.model.InvalidResourceTypeException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterPatternMismatchException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;
import software.amazon.awssdk.services.ssm.model.PutParameterResponse;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;
import software.amazon.awssdk.services.ssm.model.TooManyTagsErrorException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SSM Parameter Store stand-in through the real SDK client. */
class SsmEmulatorTest {

    private static final String ACCOUNT = SsmEmulator.DEFAULT_ACCOUNT_ID;
    private static final String OTHER_ACCOUNT = "210987654321";
    private static final String NAME = "/wsicopy/images/golden-win11";

    private final MutableClock clock = new MutableClock();
    private SsmEmulator ssm;
    private SsmClient euwest;

    @BeforeEach
    void start() {
        ssm = SsmEmulator.start(clock);
        ssm.mapAccessKey("AKIDOTHER", OTHER_ACCOUNT);
        euwest = client("eu-west-1", "AKIDEXAMPLE");
    }

    @AfterEach
    void stop() {
        euwest.close();
        ssm.close();
    }

    @Test
    void putThenOverwriteMakesVersionsAndGetReadsThem() {
        PutParameterResponse first = euwest.putParameter(r -> r.name(NAME).value("wsi-aaaaaaaaa").type(ParameterType.STRING)
                .description("Latest copy of golden-win11"));
        clock.advance(Duration.ofMinutes(5));
        PutParameterResponse second = euwest.putParameter(r -> r.name(NAME).value("wsi-bbbbbbbbb").overwrite(true));

        assertEquals(1L, first.version());
        assertEquals(ParameterTier.STANDARD, first.tier());
        assertEquals(2L, second.version());
        Parameter latest = euwest.getParameter(r -> r.name(NAME)).parameter();
        assertEquals(NAME, latest.name());
        assertEquals("wsi-bbbbbbbbb", latest.value());
        assertEquals(ParameterType.STRING, latest.type());
        assertEquals(2L, latest.version());
        assertEquals(clock.instant(), latest.lastModifiedDate());
        assertEquals("arn:aws:ssm:eu-west-1:" + ACCOUNT + ":parameter" + NAME, latest.arn());
        assertEquals("text", latest.dataType());
        assertNull(latest.selector());
        Parameter old = euwest.getParameter(r -> r.name(NAME + ":1")).parameter();
        assertEquals("wsi-aaaaaaaaa", old.value());
        assertEquals(":1", old.selector());
        assertEquals("wsi-bbbbbbbbb", euwest.getParameter(r -> r.name(latest.arn())).parameter().value());
        assertThrows(ParameterVersionNotFoundException.class, () -> euwest.getParameter(r -> r.name(NAME + ":3")));
        EmulatedParameter held = ssm.parameter(ACCOUNT, "eu-west-1", NAME).orElseThrow();
        assertEquals("Latest copy of golden-win11", held.description());
        assertEquals(2, held.version());
    }

    @Test
    void parametersArePerAccountAndRegion() {
        euwest.putParameter(r -> r.name(NAME).value("wsi-aaaaaaaaa").type(ParameterType.STRING));

        try (SsmClient useast = client("us-east-1", "AKIDEXAMPLE"); SsmClient other = client("eu-west-1", "AKIDOTHER")) {
            assertThrows(ParameterNotFoundException.class, () -> useast.getParameter(r -> r.name(NAME)));
            assertThrows(ParameterNotFoundException.class, () -> other.getParameter(r -> r.name(NAME)));
            other.putParameter(r -> r.name(NAME).value("wsi-ccccccccc").type(ParameterType.STRING));
        }
        assertEquals("wsi-aaaaaaaaa", ssm.parameter(ACCOUNT, "eu-west-1", NAME).orElseThrow().value());
        assertEquals("wsi-ccccccccc", ssm.parameter(OTHER_ACCOUNT, "eu-west-1", NAME).orElseThrow().value());
        assertEquals(List.of(), ssm.parameters(ACCOUNT, "us-east-1"));
    }

    @Test
    void putRefusesWhatParameterStoreRefuses() {
        euwest.putParameter(r -> r.name(NAME).value("wsi-aaaaaaaaa").type(ParameterType.STRING));

        assertThrows(ParameterAlreadyExistsException.class,
                () -> euwest.putParameter(r -> r.name(NAME).value("wsi-bbbbbbbbb").type(ParameterType.STRING)));
        assertValidation("tags and overwrite", () -> euwest.putParameter(r -> r.name(NAME).value("wsi-bbbbbbbbb")
                .overwrite(true).tags(tag("team", "vdi"))));
        assertValidation("type is required", () -> euwest.putParameter(r -> r.name("/new").value("x")));
        assertValidation("4096", () -> euwest.putParameter(r -> r.name("/big").value("x".repeat(4097)).type(ParameterType.STRING)));
        euwest.putParameter(r -> r.name("/big").value("x".repeat(4096)).type(ParameterType.STRING));
        euwest.putParameter(r -> r.name("/bigger").value("x".repeat(8192)).type(ParameterType.STRING).tier(ParameterTier.ADVANCED));
        assertValidation("length greater than or equal to 1",
                () -> euwest.putParameter(r -> r.name("/empty").value("").type(ParameterType.STRING)));
        assertValidation("prefixed", () -> euwest.putParameter(r -> r.name("/aws/x").value("v").type(ParameterType.STRING)));
        assertValidation("prefixed", () -> euwest.putParameter(r -> r.name("SSM-x").value("v").type(ParameterType.STRING)));
        assertValidation("fully qualified", () -> euwest.putParameter(r -> r.name("a/b").value("v").type(ParameterType.STRING)));
        assertValidation("not valid", () -> euwest.putParameter(r -> r.name("/has space").value("v").type(ParameterType.STRING)));
        assertValidation("2048", () -> euwest.putParameter(r -> r.name("/" + "n".repeat(2048)).value("v").type(ParameterType.STRING)));
        assertValidation("1011", () -> euwest.putParameter(r -> r.name("/" + "n".repeat(1000)).value("v").type(ParameterType.STRING)));
        assertThrows(HierarchyLevelLimitExceededException.class, () -> euwest.putParameter(
                r -> r.name("/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16").value("v").type(ParameterType.STRING)));
        assertThrows(ParameterPatternMismatchException.class, () -> euwest.putParameter(
                r -> r.name("/pattern").value("ami-1").type(ParameterType.STRING).allowedPattern("wsi-[0-9a-z]+")));
        assertEquals("wsi-aaaaaaaaa", ssm.parameter(ACCOUNT, "eu-west-1", NAME).orElseThrow().value());
        assertEquals(List.of("/big", "/bigger", NAME), ssm.parameters(ACCOUNT, "eu-west-1").stream().map(EmulatedParameter::name).toList());
    }

    @Test
    void tagsComeFromPutAndAddTagsToResource() {
        euwest.putParameter(r -> r.name(NAME).value("wsi-aaaaaaaaa").type(ParameterType.STRING).tags(tag("team", "vdi")));

        euwest.addTagsToResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(NAME)
                .tags(tag("wsicopy:source", "golden-win11"), tag("team", "desktops")));

        assertEquals(Map.of("team", "desktops", "wsicopy:source", "golden-win11"),
                ssm.parameter(ACCOUNT, "eu-west-1", NAME).orElseThrow().tags());
        assertThrows(InvalidResourceIdException.class, () -> euwest.addTagsToResource(
                r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId("/missing").tags(tag("a", "b"))));
        assertThrows(InvalidResourceTypeException.class, () -> euwest.addTagsToResource(
                r -> r.resourceType(ResourceTypeForTagging.DOCUMENT).resourceId(NAME).tags(tag("a", "b"))));
        assertThrows(TooManyTagsErrorException.class, () -> euwest.addTagsToResource(
                r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(NAME)
                        .tags(IntStream.range(0, 49).mapToObj(i -> tag("k" + i, "v")).toList())));
        assertValidation("reserved", () -> euwest.addTagsToResource(
                r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(NAME).tags(tag("aws:x", "v"))));
        assertValidation("Member must not be null", () -> euwest.addTagsToResource(
                r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(NAME)));
    }

    @Test
    void deleteRemovesAndAMissingParameterIsNotFound() {
        euwest.putParameter(r -> r.name(NAME).value("wsi-aaaaaaaaa").type(ParameterType.STRING));

        euwest.deleteParameter(r -> r.name(NAME));

        assertTrue(ssm.parameter(ACCOUNT, "eu-west-1", NAME).isEmpty());
        assertThrows(ParameterNotFoundException.class, () -> euwest.deleteParameter(r -> r.name(NAME)));
        assertThrows(ParameterNotFoundException.class, () -> euwest.getParameter(r -> r.name(NAME)));
        assertEquals(1, euwest.putParameter(r -> r.name(NAME).value("wsi-ccccccccc").type(ParameterType.STRING)).version());
    }

    @Test
    void injectedErrorsReachTheClientWithTheirStatus() {
        ssm.failNext("PutParameter", "ThrottlingException", "Rate exceeded", 1);
        ssm.failNext("GetParameter", "InternalServerError", "boom", 1);

        SsmException throttled = assertThrows(SsmException.class,
                () -> euwest.putParameter(r -> r.name(NAME).value("v").type(ParameterType.STRING)));
        SsmException internal = assertThrows(SsmException.class, () -> euwest.getParameter(r -> r.name(NAME)));

        assertEquals("ThrottlingException", throttled.awsErrorDetails().errorCode());
        assertEquals(400, throttled.statusCode());
        assertEquals(500, internal.statusCode());
        assertEquals(1, ssm.calls("PutParameter"));
        assertTrue(ssm.parameter(ACCOUNT, "eu-west-1", NAME).isEmpty());
    }

    private static void assertValidation(String words, org.junit.jupiter.api.function.Executable call) {
        SsmException e = assertThrows(SsmException.class, call);
        assertEquals("ValidationException", e.awsErrorDetails().errorCode(), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private SsmClient client(String region, String accessKeyId) {
        return SsmClient.builder().endpointOverride(ssm.endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
