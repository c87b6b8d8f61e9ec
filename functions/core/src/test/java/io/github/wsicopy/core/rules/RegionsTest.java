package io.github.wsicopy.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

class RegionsTest {

    /** botocore's workspaces endpoints, the list the SDK metadata is checked against. */
    static final List<String> BOTOCORE_AWS = List.of("af-south-1", "ap-northeast-1", "ap-northeast-2", "ap-south-1",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-5", "ca-central-1", "eu-central-1", "eu-west-1",
            "eu-west-2", "eu-west-3", "il-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-2");

    @Test
    void theAwsPartitionHasBotocoresWorkSpacesRegions() {
        assertEquals(BOTOCORE_AWS, Regions.workSpacesRegions("aws"));
    }

    @Test
    void chinaHasOnlyNingxiaAndGovCloudHasEastAndWest() {
        assertEquals(List.of("cn-northwest-1"), Regions.workSpacesRegions("aws-cn"));
        assertEquals(List.of("us-gov-east-1", "us-gov-west-1"), Regions.workSpacesRegions("aws-us-gov"));
    }

    @Test
    void anUnknownPartitionHasNoRegions() {
        assertEquals(List.of(), Regions.workSpacesRegions("aws-mars"));
    }

    @Test
    void everyRealRegionTheSdkListsForWorkSpacesIsKeptAndNoFipsAlias() {
        for (Region region : WorkSpacesClient.serviceMetadata().regions()) {
            boolean fips = region.id().contains("fips");
            assertEquals(!fips, Regions.hasWorkSpaces(region.id()), region.id());
        }
        assertTrue(Regions.workSpacesRegions().stream().noneMatch(r -> r.contains("fips") || r.contains("global")));
    }

    @Test
    void regionsTheSdkMissesAreAdded() {
        assertTrue(Regions.hasWorkSpaces("us-east-2"));
        assertTrue(Regions.hasWorkSpaces("ap-southeast-5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-west-1", "eu-south-2", "me-central-1", "cn-north-1", "fips-us-east-1",
            "us-east-1-fips", "aws-global", "US-EAST-1", "us-east-9"})
    @NullAndEmptySource
    void regionsWithoutWorkSpaces(String region) {
        assertFalse(Regions.hasWorkSpaces(region));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "us-east-1, aws",
            "eu-south-2, aws",
            "us-west-1, aws",
            "cn-northwest-1, aws-cn",
            "cn-north-1, aws-cn",
            "us-gov-west-1, aws-us-gov",
            "us-gov-east-1, aws-us-gov",
            "us-iso-east-1, aws-iso",
            "us-isob-east-1, aws-iso-b",
            // Not (yet) in the SDK: known only by the partition's Region pattern.
            "eu-north-9, aws",
            "cn-south-7, aws-cn",
            "us-gov-north-3, aws-us-gov"})
    void partitionOfAnyRegion(String region, String partition) {
        assertEquals(Optional.of(partition), Regions.partitionOf(region));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fips-us-east-1", "us-east-1-fips", "aws-global", "mars-north-1", "us-east", "US-EAST-1",
            "not a region"})
    @NullAndEmptySource
    void noPartitionForWhatIsNoRegion(String region) {
        assertEquals(Optional.empty(), Regions.partitionOf(region));
    }
}
