package io.github.wsicopy.core.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.endpoints.OrganizationsEndpointParams;
import software.amazon.awssdk.services.organizations.endpoints.OrganizationsEndpointProvider;

/** Organizations has one endpoint per partition; the SDK's own endpoint rules say which (no network). */
class OrganizationsEndpointTest {

    private static String endpointFor(String functionRegion) {
        return OrganizationsEndpointProvider.defaultProvider().resolveEndpoint(OrganizationsEndpointParams.builder()
                .region(Region.of(OrganizationTargets.globalRegion(functionRegion))).build()).join().url().toString();
    }

    @Test
    void eachPartitionsFunctionsUseItsGlobalEndpoint() {
        assertEquals("https://organizations.us-east-1.amazonaws.com", endpointFor("eu-west-1"));
        assertEquals("https://organizations.us-east-1.amazonaws.com", endpointFor("ap-southeast-2"));
        assertEquals("https://organizations.cn-northwest-1.amazonaws.com.cn", endpointFor("cn-north-1"));
        assertEquals("https://organizations.us-gov-west-1.amazonaws.com", endpointFor("us-gov-east-1"));
    }
}
