package io.github.wsicopy.local;

import io.github.wsicopy.local.organizations.OrganizationsEmulator;
import io.github.wsicopy.local.servicequotas.ServiceQuotasEmulator;
import io.github.wsicopy.local.ssm.SsmEmulator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON 1.1 front end the Organizations, SSM and Service Quotas stand-ins share, on the wire: what the SDK
 * clients forgive (the message member's spelling) or never send (a body for an operation without input, a value
 * of the wrong JSON type).
 */
class JsonServiceStandInTest {

    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKIDWIRE/20240101/%s/%s/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=0000";

    @Test
    void errorsSpellTheMessageMemberAsTheServiceModelDoes() throws Exception {
        try (SsmEmulator ssm = SsmEmulator.start(new MutableClock());
             ServiceQuotasEmulator quotas = ServiceQuotasEmulator.start()) {
            // SSM's ParameterNotFound has "message"; Service Quotas' NoSuchResourceException has "Message".
            HttpResponse<String> notFound = post(ssm.endpoint(), "AmazonSSM.GetParameter", "ssm", "{\"Name\":\"/missing\"}");
            assertEquals(400, notFound.statusCode());
            assertTrue(notFound.body().contains("\"__type\":\"ParameterNotFound\",\"message\":"), notFound.body());

            HttpResponse<String> noQuota = post(quotas.endpoint(), "ServiceQuotasV20190624.GetServiceQuota", "servicequotas",
                    "{\"ServiceCode\":\"workspaces\",\"QuotaCode\":\"L-12345678\"}");
            assertEquals(400, noQuota.statusCode());
            assertTrue(noQuota.body().contains("\"__type\":\"NoSuchResourceException\",\"Message\":"), noQuota.body());
            assertEquals("NoSuchResourceException", noQuota.headers().firstValue("x-amzn-ErrorType").orElseThrow());

            // A fault with no status of its own in the model is a 500.
            quotas.failNext("GetServiceQuota", "ServiceException", "internal", 1);
            HttpResponse<String> fault = post(quotas.endpoint(), "ServiceQuotasV20190624.GetServiceQuota", "servicequotas",
                    "{\"ServiceCode\":\"workspaces\",\"QuotaCode\":\"L-12345678\"}");
            assertEquals(500, fault.statusCode());
        }
    }

    @Test
    void anOperationWithoutInputTakesAnyBodyAndAWrongTypeIsASerializationException() throws Exception {
        AccessKeys keys = new AccessKeys("111111111111");
        try (OrganizationsEmulator organizations = OrganizationsEmulator.start(keys, new MutableClock())) {
            organizations.createOrganization("111111111111");
            HttpResponse<String> described = post(organizations.endpoint(), "AWSOrganizationsV20161128.DescribeOrganization",
                    "organizations", "{\"Unexpected\":1}");
            assertEquals(200, described.statusCode(), described.body());
            assertTrue(described.body().contains("\"MasterAccountId\":\"111111111111\""), described.body());

            HttpResponse<String> wrongType = post(organizations.endpoint(), "AWSOrganizationsV20161128.ListChildren",
                    "organizations", "{\"ParentId\":5,\"ChildType\":\"ACCOUNT\"}");
            assertEquals(400, wrongType.statusCode());
            assertTrue(wrongType.body().contains("\"__type\":\"SerializationException\""), wrongType.body());
            assertEquals(1, organizations.calls("ListChildren"));
        }
    }

    private static HttpResponse<String> post(URI endpoint, String target, String service, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/"))
                .header("Content-Type", JsonServiceStandIn.CONTENT_TYPE)
                .header("X-Amz-Target", target)
                .header("Authorization", AUTH.formatted("us-east-1", service))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
