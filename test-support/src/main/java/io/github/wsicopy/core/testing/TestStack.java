package io.github.wsicopy.core.testing;

import io.github.wsicopy.core.config.AwsClients;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.local.LocalOrganization;
import io.github.wsicopy.local.MutableClock;
import io.github.wsicopy.local.notifications.NotificationSink;
import io.github.wsicopy.local.scheduler.SchedulerEmulator;
import io.github.wsicopy.local.servicequotas.ServiceQuotasEmulator;
import io.github.wsicopy.local.ssm.SsmEmulator;
import io.github.wsicopy.local.stepfunctions.StepFunctionsEmulator;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A whole local stack for one test: DynamoDB Local (shared, with a fresh table), a WorkSpaces emulator, a
 * notification sink, a Step Functions stand-in and an EventBridge Scheduler stand-in of its own, and one virtual clock shared by the emulator and the code under test.
 * Everything is reached through the real SDK clients over HTTP on loopback, exactly as in AWS.
 */
public final class TestStack implements AutoCloseable {
    public static final String ACCOUNT = EmulatorConfig.DEFAULT_ACCOUNT_ID;
    public static final String SCHEDULE_GROUP = "wsicopy-policies";
    public static final String SCHEDULE_ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/wsicopy-policy-schedules";
    public static final String TOPIC_ARN = "arn:aws:sns:us-east-1:" + ACCOUNT + ":wsicopy-notifications";

    public final MutableClock clock = new MutableClock();
    public final WorkSpacesEmulator emulator;
    public final NotificationSink sink = NotificationSink.start();
    public final StepFunctionsEmulator stepFunctions = StepFunctionsEmulator.start(clock);
    public final SchedulerEmulator scheduler = SchedulerEmulator.start();
    /** Service Quotas: a test applies an images quota with IMAGE_QUOTA_CODE set to read it. */
    public final ServiceQuotasEmulator serviceQuotas = ServiceQuotasEmulator.start();
    /** SSM Parameter Store: where the after-copy step publishes image ids (publish.parameterPrefix). */
    public final SsmEmulator ssm = SsmEmulator.start();
    public final String stateMachineArn = stepFunctions.createStateMachine("us-east-1", ACCOUNT, "wsicopy-bulk-copy");
    public final String table = LocalDynamo.newTable();
    public final TestLogger log = new TestLogger();

    private final EmulatorConfig config;
    private volatile LocalOrganization organization;

    private TestStack(EmulatorConfig config) {
        this.config = config;
        this.emulator = WorkSpacesEmulator.start(config.withClock(clock));
    }

    /** The documented service limits (2 calls/s, burst 5; quota 40), copies taking 30 virtual minutes. */
    public static TestStack start() {
        return new TestStack(EmulatorConfig.defaults());
    }

    /** No rate limit, for tests about something else that make many calls. */
    public static TestStack unthrottled() {
        return new TestStack(EmulatorConfig.defaults().withRateLimit(0, 0));
    }

    public static TestStack start(EmulatorConfig config) {
        return new TestStack(config);
    }

    /**
     * The accounts around the stack ({@link LocalOrganization#demo}: 222222222222 with the target-account role,
     * 333333333333 without, one OU holding both; the stack's account manages the organization), started on first use.
     * From then on {@link #environment} points STS and Organizations at it and passes its external id; before, the
     * WorkSpaces emulator knows no organization (BYOL images cannot be shared), as every other test expects.
     */
    public synchronized LocalOrganization organization() {
        if (organization == null) {
            organization = LocalOrganization.demo(emulator, ACCOUNT, clock);
        }
        return organization;
    }

    /** The environment a deployed function would have, pointed at this stack, plus overrides. */
    public Settings settings(Map<String, String> overrides) {
        return Settings.from(environment(overrides));
    }

    /** The environment variables behind {@link #settings}, for settings read outside core (the API's). */
    public Map<String, String> environment(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("TABLE_NAME", table);
        env.put("ACCOUNT_ID", ACCOUNT);
        env.put("TOPIC_ARN", TOPIC_ARN);
        env.put("AWS_ENDPOINT_URL_WORKSPACES", emulator.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", LocalDynamo.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SNS", sink.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", sink.endpoint().toString());
        env.put("START_RATE_PER_SECOND", "50");
        // Step tests change WorkSpaces between validations without moving the clock: each reads afresh.
        env.put("REGION_FACTS_MAX_AGE_SECONDS", "0");
        // The shared WorkSpaces budget plans with the emulator's limit; an unlimited emulator needs no pacing.
        boolean unlimited = config.ratePerSecond() == 0;
        env.put("WORKSPACES_CALLS_PER_SECOND", unlimited ? "1000" : Double.toString(config.ratePerSecond()));
        env.put("WORKSPACES_BURST", unlimited ? "1000" : Integer.toString(config.burst()));
        env.put("AWS_ENDPOINT_URL_SFN", stepFunctions.endpoint().toString());
        env.put("STATE_MACHINE_ARN", stateMachineArn);
        env.put("AWS_ENDPOINT_URL_SCHEDULER", scheduler.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SERVICE_QUOTAS", serviceQuotas.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SSM", ssm.endpoint().toString());
        env.put("POLICY_SCHEDULE_GROUP", SCHEDULE_GROUP);
        env.put("POLICY_SCHEDULE_ROLE_ARN", SCHEDULE_ROLE_ARN);
        LocalOrganization org = organization;
        if (org != null) {
            env.put("AWS_ENDPOINT_URL_STS", org.sts().endpoint().toString());
            env.put("AWS_ENDPOINT_URL_ORGANIZATIONS", org.organizations().endpoint().toString());
            env.put("TARGET_EXTERNAL_ID", LocalOrganization.DEMO_EXTERNAL_ID);
        }
        env.putAll(overrides);
        return env;
    }

    public Components components() {
        return components(Map.of());
    }

    public Components components(Map<String, String> overrides) {
        Settings settings = settings(overrides);
        AwsClients clients = new AwsClients(settings,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIALOCALTEST", "local-secret")));
        return Components.of(settings, clients, clock, log);
    }

    public JobStore store() {
        return new JobStore(LocalDynamo.client(), table, clock);
    }

    @Override
    public void close() {
        if (organization != null) {
            organization.close();
        }
        serviceQuotas.close();
        ssm.close();
        emulator.close();
        sink.close();
        stepFunctions.close();
        scheduler.close();
    }
}
