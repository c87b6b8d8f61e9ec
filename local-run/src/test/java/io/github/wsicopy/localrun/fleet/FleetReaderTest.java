package io.github.wsicopy.localrun.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.local.MutableClock;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.DedicatedTenancySupportResultEnum;
import software.amazon.awssdk.services.workspaces.model.Tag;
import software.amazon.awssdk.services.workspaces.model.WorkspaceImage;
import software.amazon.awssdk.services.workspaces.model.WorkspaceImageRequiredTenancy;
import software.amazon.awssdk.services.workspaces.model.WorkspaceImageState;

/** examples/fleet.json seeds what it says (seen through the real SDK); each kind of bad file is refused by field. */
class FleetReaderTest {
    private static final Path ROOT = Path.of(System.getProperty("wsicopy.root", "..")).toAbsolutePath().normalize();
    private static final String ACCOUNT = "123456789012";
    private static final String PARTNER = "210987654321";

    @Test
    void theExampleFleetSeedsTheEmulatorWithItsImagesSharesTenancyAndQuotas() {
        Fleet fleet = FleetReader.read(ROOT.resolve("examples/fleet.json"));
        MutableClock clock = new MutableClock();
        EmulatorConfig config = fleet.emulatorConfig(EmulatorConfig.defaults().withClock(clock)).withRateLimit(0, 0);
        // the file's faults would make the SDK calls below flaky: seed them, then check them separately
        Fleet calm = new Fleet(fleet.description(), fleet.account(), fleet.otherAccounts(), fleet.regions(), fleet.images(),
                fleet.copyDuration(), fleet.rateLimit(), Fleet.FaultSettings.NONE, fleet.seed(), fleet.request());
        try (WorkSpacesEmulator emulator = WorkSpacesEmulator.start(config)) {
            calm.seed(emulator);
            Map<String, WorkspaceImage> source;
            try (WorkSpacesClient us = client(emulator, "us-east-1", "AKIAANYKEY")) {
                source = us.describeWorkspaceImages(r -> {}).images().stream()
                        .collect(Collectors.toMap(WorkspaceImage::name, i -> i));
                assertEquals(List.of("win11-finance", "win11-engineering", "win11-callcenter", "win10-legacy-erp",
                        "win11-kiosk", "win11-byol-office", "win11-nightly", "win11-broken", "partner-tools", "vendor-trial")
                        .stream().sorted().toList(), source.keySet().stream().sorted().toList());
                WorkspaceImage finance = source.get("win11-finance");
                assertEquals("Golden image for Finance", finance.description());
                assertEquals(Map.of("team", "finance", "replicate", "true"), us.describeTags(r -> r.resourceId(finance.imageId()))
                        .tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value)));
                assertEquals(WorkspaceImageRequiredTenancy.DEDICATED, source.get("win11-byol-office").requiredTenancy());
                assertEquals(WorkspaceImageRequiredTenancy.DEFAULT, finance.requiredTenancy());
                assertEquals(WorkspaceImageState.PENDING, source.get("win11-nightly").state());
                assertEquals(WorkspaceImageState.ERROR, source.get("win11-broken").state());
                assertEquals("InternalServiceError", source.get("win11-broken").errorCode());
                assertEquals(PARTNER, source.get("partner-tools").ownerAccountId());
                assertEquals(ACCOUNT, finance.ownerAccountId());
                assertEquals(DedicatedTenancySupportResultEnum.ENABLED, us.describeAccount(r -> {}).dedicatedTenancySupport());
            }
            try (WorkSpacesClient sydney = client(emulator, "ap-southeast-2", "AKIAANYKEY");
                    WorkSpacesClient ireland = client(emulator, "eu-west-1", "AKIAANYKEY")) {
                assertEquals(DedicatedTenancySupportResultEnum.DISABLED, sydney.describeAccount(r -> {}).dedicatedTenancySupport());
                assertEquals(List.of("win11-finance"), ireland.describeWorkspaceImages(r -> {}).images().stream()
                        .map(WorkspaceImage::name).toList());
            }
            // the partner's own key sees its image shared with the stack's account
            try (WorkSpacesClient partner = client(emulator, "us-east-1", Fleet.accessKeyOf(PARTNER))) {
                String tools = source.get("partner-tools").imageId();
                assertEquals(List.of(ACCOUNT), partner.describeWorkspaceImagePermissions(r -> r.imageId(tools))
                        .imagePermissions().stream().map(p -> p.sharedAccountId()).toList());
            }
            // the request names images; the job gets their ids
            List<?> ids = (List<?>) fleet.request().orElseThrow().body().get("imageIds");
            assertEquals(source.get("win11-finance").imageId(), ids.get(0));
            assertEquals(source.get("vendor-trial").imageId(), ids.get(9));
            assertEquals("my-fleet-copy", fleet.request().orElseThrow().jobId());
        }
        assertEquals(12, config.imageQuotaByRegion().get("ap-southeast-2"));
        assertEquals(Duration.ofMinutes(20), config.copyDurationMin());
        assertEquals(Duration.ofMinutes(45), config.copyDurationMax());
        assertEquals(7L, config.seed());
        assertEquals(Map.of("*", 0.05), fleet.faults().throttling());
        assertEquals(0.05, fleet.faults().lostCopyResponses());
    }

    @Test
    void theSameFileGivesTheSameIdsAndTheDefaultsApply() {
        String minimal = """
                {"regions": {"us-east-1": {}}, "images": [{"name": "golden", "region": "us-east-1"}]}""";
        Fleet first = FleetReader.parse("f.json", minimal);
        Fleet again = FleetReader.parse("f.json", minimal);
        assertEquals(first.images().get(0).imageId(), again.images().get(0).imageId());
        assertTrue(first.images().get(0).imageId().matches("wsi-[0-9a-z]{9}"), first.images().get(0).imageId());
        assertEquals(EmulatorConfig.DEFAULT_ACCOUNT_ID, first.account());
        assertEquals(new Fleet.RegionSettings(false, 40), first.regions().get("us-east-1"));
        assertEquals(new Fleet.CopyDuration(Duration.ofMinutes(30), Duration.ofMinutes(30)), first.copyDuration());
        assertEquals(new Fleet.RateLimit(2, 5), first.rateLimit());
        assertEquals(Fleet.FaultSettings.NONE, first.faults());
        assertTrue(first.request().isEmpty());
    }

    /** Each row: a fleet file with one mistake, and the field (and rule words) its error must name. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{'regions': {'us-east-1': {}}}| images: is required",
        "{'images': [{'name': 'g', 'region': 'us-east-1'}]}| regions: is required",
        "{'account': '12345', REGIONS, IMAGES}| account: '12345' is not an account id",
        "{'acount': '123456789012', REGIONS, IMAGES}| acount: is not a field here",
        "{'regions': {'us-east-1': {'byol': 'yes'}}, IMAGES}| regions.us-east-1.byol: must be true or false",
        "{'regions': {'us-east-1': {'imageQuota': -1}}, IMAGES}| regions.us-east-1.imageQuota: must be a whole number from 0",
        "{'regions': {'US East': {}}, 'images': []}| regions.US East: 'US East' is not a Region id",
        "{REGIONS, 'images': [{'name': 'g', 'region': 'eu-west-1'}]}| images[0].region: 'eu-west-1' is not in regions",
        "{REGIONS, 'images': [{'name': 'g'}]}| images[0].region: is required",
        "{REGIONS, 'images': [{'name': 'has space', 'region': 'us-east-1'}]}| images[0].name: Value 'has space' at 'Name' failed to satisfy constraint",
        "{REGIONS, 'images': [{'name': 'g', 'region': 'us-east-1', 'state': 'READY'}]}| images[0].state: must be one of [AVAILABLE, PENDING, ERROR]",
        "{REGIONS, 'images': [{'name': 'g', 'region': 'us-east-1', 'state': 'ERROR'}]}| images[0].error: is required for an image in state ERROR",
        "{REGIONS, 'images': [{'name': 'g', 'region': 'us-east-1', 'pendingFor': 'PT1H'}]}| images[0].pendingFor: is for PENDING images only",
        "{REGIONS, 'images': [{'name': 'g', 'region': 'us-east-1', 'state': 'PENDING', 'pendingFor': '1 hour'}]}| images[0].pendingFor: must be an ISO-8601 duration",
        "{REGIONS, 'images': [{'name': 'g', 'region': 'us-east-1', 'owner': '999999999999'}]}| images[0].owner: '999999999999' is neither account nor one of otherAccounts",
        "{REGIONS, 'images': [{'name': 'g', 'region': 'us-east-1', 'sharedWith': ['999999999999']}]}| images[0].sharedWith[0]: '999999999999' is neither account",
        "{REGIONS, 'images': [{'name': 'g', 'region': 'us-east-1', 'tags': {'team': 5}}]}| images[0].tags.team: must be a non-empty string",
        "{REGIONS, 'images': [{'name': 'g', 'region': 'us-east-1', 'copiesFail': {'code': 'X'}}]}| images[0].copiesFail.message: is required",
        "{REGIONS, 'images': [{'name': 'g', 'region': 'us-east-1'}, {'name': 'g', 'region': 'us-east-1'}]}| images[1].imageId: ",
        "{REGIONS, 'images': [{'name': 'g', 'region': 'us-east-1', 'imageId': 'wsi-123456789'}, {'name': 'g', 'region': 'us-east-1', 'imageId': 'wsi-987654321'}]}| images[1].name: 'g' is taken",
        "{REGIONS, IMAGES, 'copyDuration': {'min': 'PT1H', 'max': 'PT10M'}}| copyDuration.max: is shorter than min",
        "{REGIONS, IMAGES, 'copyDuration': 30}| copyDuration: must be an ISO-8601 duration",
        "{REGIONS, IMAGES, 'rateLimit': {'perSecond': 2, 'burst': 0}}| rateLimit.burst: must be at least 1",
        "{REGIONS, IMAGES, 'faults': {'throttling': 1.5}}| faults.throttling: must be a number from 0 to 1",
        "{REGIONS, IMAGES, 'faults': {'throttling': {'CopyImage': 0.1}}}| faults.throttling.CopyImage: is not an operation of the emulator",
        "{REGIONS, IMAGES, 'faults': {'lostResponseMode': 'DROP'}}| faults.lostResponseMode: must be one of [INTERNAL_FAILURE, CLOSE_CONNECTION]",
        "{REGIONS, IMAGES, 'faults': {'errors': [{'operation': 'CopyWorkspaceImage'}]}}| faults.errors[0].type: is required",
        "{REGIONS, IMAGES, 'faults': {'deniedRegions': ['eu-west-1']}}| faults.deniedRegions[0]: 'eu-west-1' is not in regions",
        "{REGIONS, IMAGES, 'request': {'sourceRegion': 'us-east-1', 'imageIds': ['nope'], 'destinationRegions': ['us-east-1']}}| request.imageIds[0]: 'nope' is neither the name of an image",
        "{REGIONS, IMAGES, 'request': {'sourceRegion': 'us-east-1', 'imageIds': ['g'], 'destinationRegions': ['eu-west-1']}}| request.destinationRegions[0]: 'eu-west-1' is not in regions",
        "{REGIONS, IMAGES, 'request': {'sourceRegion': 'us-east-1', 'imageIds': ['g'], 'destinationRegions': ['us-east-1'], 'nameTemplat': 'x'}}| request.nameTemplat",
        "{REGIONS, IMAGES, 'request': {'jobId': 'my job', 'sourceRegion': 'us-east-1', 'imageIds': ['g'], 'destinationRegions': ['us-east-1']}}| request.jobId: 'my job' must be 1 to 80 letters",
    })
    void eachMistakeIsRefusedNamingTheField(String fleet, String expected) {
        String json = fleet.replace("REGIONS", "'regions': {'us-east-1': {}}")
                .replace("IMAGES", "'images': [{'name': 'g', 'region': 'us-east-1'}]").replace('\'', '"');
        FleetException e = assertThrows(FleetException.class, () -> FleetReader.parse("fleet.json", json));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(expected.strip())),
                "expected a problem starting with '" + expected.strip() + "', got " + e.problems());
        assertTrue(e.getMessage().startsWith("the fleet file fleet.json cannot be used"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was started"), e.getMessage());
    }

    @Test
    void aFileThatIsNotJsonOrMissingSaysSo() {
        FleetException notJson = assertThrows(FleetException.class, () -> FleetReader.parse("f.json", "{\"regions\": "));
        assertTrue(notJson.getMessage().contains("not a JSON object"), notJson.getMessage());
        FleetException missing = assertThrows(FleetException.class, () -> FleetReader.read(ROOT.resolve("no/such/fleet.json")));
        assertTrue(missing.getMessage().contains("cannot read the file"), missing.getMessage());
    }

    private static WorkSpacesClient client(WorkSpacesEmulator emulator, String region, String accessKey) {
        return WorkSpacesClient.builder().endpointOverride(emulator.endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
