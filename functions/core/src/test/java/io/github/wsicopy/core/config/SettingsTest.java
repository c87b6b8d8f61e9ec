package io.github.wsicopy.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsMatchTheTemplateParameters() {
        Settings s = Settings.from(Map.of());
        assertEquals(40, s.imageQuotaPerRegion());
        assertEquals(50, s.maxStartsPerInvocation());
        assertEquals(2.0, s.startRatePerSecond());
        assertEquals(2.0, s.pollRatePerSecond());
        assertEquals(30, s.pollWaitInitialSeconds());
        assertEquals(300, s.pollWaitMaxSeconds());
        assertEquals(List.of(), s.trustedOwnerAccounts());
        assertTrue(s.workspacesEndpoint().isEmpty());
        assertTrue(s.topicArn().isEmpty());
    }

    @Test
    void readsListsAndOverrides() {
        Settings s = Settings.from(Map.of("TRUSTED_OWNER_ACCOUNTS", " 111111111111, 222222222222 ,",
                "IMAGE_QUOTA_PER_REGION", "120", "AWS_ENDPOINT_URL_WORKSPACES", "http://127.0.0.1:9"));
        assertEquals(List.of("111111111111", "222222222222"), s.trustedOwnerAccounts());
        assertEquals(120, s.imageQuotaPerRegion());
        assertEquals("http://127.0.0.1:9", s.workspacesEndpoint().orElseThrow().toString());
    }

    @Test
    void aMalformedValueFailsNamingTheVariable() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Settings.from(Map.of("MAX_STARTS_PER_INVOCATION", "ten")));
        assertTrue(e.getMessage().contains("MAX_STARTS_PER_INVOCATION"), e.getMessage());
        IllegalStateException range = assertThrows(IllegalStateException.class,
                () -> Settings.from(Map.of("IMAGE_QUOTA_PER_REGION", "0")));
        assertTrue(range.getMessage().contains("between 1 and"), range.getMessage());
    }

    @Test
    void endpointsFollowTheSdksStandardVariablesTheServiceOneWinning() {
        Settings s = Settings.from(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:2"));
        assertEquals(java.util.Optional.of(java.net.URI.create("http://127.0.0.1:2")), s.dynamodbEndpoint());
        assertEquals(java.util.Optional.of(java.net.URI.create("http://127.0.0.1:1")), s.workspacesEndpoint());
        assertEquals(java.util.Optional.empty(), Settings.from(Map.of()).snsEndpoint());
    }

    @Test
    void targetAccountsDefaultToTheRoleTemplatesNameAndNoExternalId() {
        Settings s = Settings.from(Map.of());
        assertEquals("wsicopy-target", s.targetRoleName());
        assertTrue(s.targetExternalId().isEmpty(), "empty: copies into other accounts are off");
        Settings set = Settings.from(Map.of("TARGET_ROLE_NAME", "copy-role", "TARGET_EXTERNAL_ID", "x-1",
                "AWS_ENDPOINT_URL_STS", "http://127.0.0.1:3", "AWS_ENDPOINT_URL_ORGANIZATIONS", "http://127.0.0.1:4"));
        assertEquals("copy-role", set.targetRoleName());
        assertEquals(java.util.Optional.of("x-1"), set.targetExternalId());
        assertEquals("http://127.0.0.1:3", set.stsEndpoint().orElseThrow().toString());
        assertEquals("http://127.0.0.1:4", set.organizationsEndpoint().orElseThrow().toString());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Settings.from(Map.of("TARGET_ROLE_NAME", "no spaces")));
        assertTrue(e.getMessage().startsWith("TARGET_ROLE_NAME must be an IAM role name"), e.getMessage());
    }
}
