package io.github.wsicopy.local;

import io.github.wsicopy.local.servicequotas.ServiceQuotasEmulator;
import io.github.wsicopy.local.ssm.SsmEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.util.Map;

import static io.github.wsicopy.local.AwsCli.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The SSM and Service Quotas stand-ins through the real AWS CLI (botocore), a second client besides the Java SDK. */
class StandInsCliFidelityTest {

    private static final String ACCOUNT = SsmEmulator.DEFAULT_ACCOUNT_ID;

    private static AwsCli aws;
    private static SsmEmulator ssm;
    private static ServiceQuotasEmulator quotas;

    @BeforeAll
    static void start() {
        aws = AwsCli.find().orElse(null);
        assumeTrue(aws != null, "the aws CLI is not on PATH: skipping the CLI fidelity test");
        ssm = SsmEmulator.start();
        quotas = ServiceQuotasEmulator.start();
    }

    @AfterAll
    static void stop() {
        if (ssm != null) {
            ssm.close();
            quotas.close();
        }
    }

    @Test
    void ssmPutOverwriteTagGetAndDelete() throws Exception {
        String name = "/wsicopy/images/golden-win11";
        AwsCli.Result put = aws.run("ssm", ssm.endpoint(), "put-parameter", "--region", "eu-west-1", "--name", name,
                "--value", "wsi-aaaaaaaaa", "--type", "String");
        assertEquals(0, put.exitCode(), put.stderr());
        assertEquals("1", put.json().field("Version").orElseThrow().asNumber());

        AwsCli.Result again = aws.run("ssm", ssm.endpoint(), "put-parameter", "--region", "eu-west-1", "--name", name,
                "--value", "wsi-bbbbbbbbb", "--type", "String");
        assertNotEquals(0, again.exitCode());
        assertTrue(again.stderr().contains("(ParameterAlreadyExists)"), again.stderr());

        AwsCli.Result overwrite = aws.run("ssm", ssm.endpoint(), "put-parameter", "--region", "eu-west-1", "--name", name,
                "--value", "wsi-bbbbbbbbb", "--overwrite");
        assertEquals(0, overwrite.exitCode(), overwrite.stderr());
        AwsCli.Result tagged = aws.run("ssm", ssm.endpoint(), "add-tags-to-resource", "--region", "eu-west-1",
                "--resource-type", "Parameter", "--resource-id", name, "--tags", "Key=wsicopy:source,Value=golden-win11");
        assertEquals(0, tagged.exitCode(), tagged.stderr());

        AwsCli.Result got = aws.run("ssm", ssm.endpoint(), "get-parameter", "--region", "eu-west-1", "--name", name);
        assertEquals(0, got.exitCode(), got.stderr());
        JsonNode parameter = got.json().field("Parameter").orElseThrow();
        assertEquals("wsi-bbbbbbbbb", text(parameter, "Value"));
        assertEquals("2", parameter.field("Version").orElseThrow().asNumber());
        assertEquals("arn:aws:ssm:eu-west-1:" + ACCOUNT + ":parameter" + name, text(parameter, "ARN"));
        assertEquals(Map.of("wsicopy:source", "golden-win11"), ssm.parameter(ACCOUNT, "eu-west-1", name).orElseThrow().tags());

        assertEquals(0, aws.run("ssm", ssm.endpoint(), "delete-parameter", "--region", "eu-west-1", "--name", name).exitCode());
        AwsCli.Result gone = aws.run("ssm", ssm.endpoint(), "get-parameter", "--region", "eu-west-1", "--name", name);
        assertNotEquals(0, gone.exitCode());
        assertTrue(gone.stderr().contains("(ParameterNotFound)"), gone.stderr());
    }

    @Test
    void serviceQuotasAppliedDefaultAndMissing() throws Exception {
        quotas.setDefaultQuota("workspaces", "L-CLIQUOTA", "Images", 40, true);
        quotas.setAppliedQuota(ACCOUNT, "us-east-1", "workspaces", "L-CLIQUOTA", 75);

        AwsCli.Result applied = aws.run("service-quotas", quotas.endpoint(), "get-service-quota", "--region", "us-east-1",
                "--service-code", "workspaces", "--quota-code", "L-CLIQUOTA");
        assertEquals(0, applied.exitCode(), applied.stderr());
        assertEquals(75.0, Double.parseDouble(applied.json().field("Quota").orElseThrow().field("Value").orElseThrow().asNumber()));

        AwsCli.Result missing = aws.run("service-quotas", quotas.endpoint(), "get-service-quota", "--region", "eu-west-1",
                "--service-code", "workspaces", "--quota-code", "L-CLIQUOTA");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().contains("(NoSuchResourceException)"), missing.stderr());

        AwsCli.Result byDefault = aws.run("service-quotas", quotas.endpoint(), "get-aws-default-service-quota",
                "--region", "eu-west-1", "--service-code", "workspaces", "--quota-code", "L-CLIQUOTA");
        assertEquals(0, byDefault.exitCode(), byDefault.stderr());
        assertEquals(40.0, Double.parseDouble(byDefault.json().field("Quota").orElseThrow().field("Value").orElseThrow().asNumber()));
        assertEquals("Images", text(byDefault.json().field("Quota").orElseThrow(), "QuotaName"));
    }
}
