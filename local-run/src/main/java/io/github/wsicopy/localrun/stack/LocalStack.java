package io.github.wsicopy.localrun.stack;

import io.github.wsicopy.localrun.sfn.StateMachineRunner;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.config.AwsClients;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.JobTable;
import io.github.wsicopy.local.LocalDynamoDb;
import io.github.wsicopy.local.LocalOrganization;
import io.github.wsicopy.local.MutableClock;
import io.github.wsicopy.local.notifications.NotificationSink;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import io.github.wsicopy.localrun.lambda.InvokeServer;
import io.github.wsicopy.localrun.lambda.LocalFunction;
import io.github.wsicopy.localrun.template.SamTemplate;
import io.github.wsicopy.localrun.template.SamTemplate.FunctionSpec;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Everything the deployed application talks to, on loopback, for one run: DynamoDB Local with a fresh jobs
 * table, the WorkSpaces emulator, the SNS/EventBridge sink, the Service Quotas and SSM Parameter Store stand-ins, and the Lambda invoke server serving the
 * template's functions in-process. One virtual clock is shared by the emulator and the functions, and moved by
 * the state machine's waits ({@link VirtualTime}).
 */
public final class LocalStack implements AutoCloseable {
    /** Where the functions run (their AWS_REGION), as in the demo's deployment. */
    public static final String REGION = "us-east-1";
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIALOCALSTACK", "local-secret"));
    private static final AtomicInteger TABLES = new AtomicInteger();

    public final MutableClock clock = new MutableClock();
    public final StackOptions options;
    public final SamTemplate template;
    public final WorkSpacesEmulator emulator;
    public final NotificationSink sink;
    /** Service Quotas: the functions read an applied images quota here when ImageQuotaCode is set. */
    public final io.github.wsicopy.local.servicequotas.ServiceQuotasEmulator serviceQuotas;
    /**
     * The accounts around the stack (STS and Organizations stand-ins): by default 222222222222 with the
     * target-account role, 333333333333 without, one OU holding both ({@link LocalOrganization#demo});
     * {@link StackOptions#withOrganization} gives others.
     */
    public final LocalOrganization organization;
    /**
     * SSM Parameter Store: publish.parameterPrefix writes here. It shares the organization's access keys, so the
     * sessions of the target-account role write in their own account.
     */
    public final io.github.wsicopy.local.ssm.SsmEmulator ssm;
    public final String table;
    public final InvokeServer lambda;
    public final VirtualTime virtualTime;
    /** DynamoDB calls made by the functions (not by this stack's own reads). */
    public final SdkCallCounter dynamoCalls = new SdkCallCounter("DynamoDb");

    private final List<AutoCloseable> started = new ArrayList<>();
    private final URI dynamoEndpoint;
    private final DynamoDbClient dynamo;

    private LocalStack(StackOptions options) {
        this.options = options;
        this.template = SamTemplate.read(options.root().resolve("template.yaml"));
        try {
            this.emulator = remember(WorkSpacesEmulator.start(options.emulator().withClock(clock)));
            this.sink = remember(NotificationSink.start());
            this.serviceQuotas = remember(io.github.wsicopy.local.servicequotas.ServiceQuotasEmulator.start());
            this.organization = remember(organization(options, emulator, clock));
            this.ssm = remember(io.github.wsicopy.local.ssm.SsmEmulator.start(organization.accessKeys(), clock, 0));
            this.dynamoEndpoint = options.dynamoEndpoint().orElseGet(() -> remember(LocalDynamoDb.start()).endpoint());
            this.dynamo = remember(DynamoDbClient.builder().endpointOverride(dynamoEndpoint).region(Region.of(REGION))
                    .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build());
            this.table = "wsicopy-jobs-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
            JobTable.create(dynamo, table);
            // The functions the state machine calls (its DefinitionSubstitutions); the API and the custom
            // resource provider are not part of a workflow run.
            List<LocalFunction> functions = new ArrayList<>();
            for (String logicalId : new java.util.LinkedHashSet<>(template.substitutions().values())) {
                functions.add(function(template.function(logicalId)));
            }
            this.lambda = remember(InvokeServer.start(functions));
        } catch (RuntimeException e) {
            try {
                close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        this.virtualTime = new VirtualTime(clock, emulator::waited);
        lambda.addListener(virtualTime);
        // Each target's copies take their time in its own loop's time, as in AWS (VirtualTime.timeOf).
        emulator.timeOfTargets((account, region) -> virtualTime.timeOf(account, region).orElseGet(clock::instant));
    }

    /** The options' organization around the stack's account, or the demo's. */
    private static LocalOrganization organization(StackOptions options, WorkSpacesEmulator emulator, MutableClock clock) {
        String stackAccount = options.emulator().defaultAccountId();
        return options.organization().map(targets -> {
            LocalOrganization.Builder builder = LocalOrganization.builder(stackAccount);
            targets.forEach(builder::target);
            return builder.start(emulator, clock);
        }).orElseGet(() -> LocalOrganization.demo(emulator, stackAccount, clock));
    }

    /** Starts the stack; on failure, stops whatever had started. */
    public static LocalStack start(StackOptions options) {
        return new LocalStack(options);
    }

    /**
     * Starts the stack without the banners DynamoDB Local and SLF4J print on System.out/err when they start
     * (for the demo's and the invoke command's readers); failures still surface as exceptions.
     */
    public static LocalStack startQuietly(StackOptions options) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(nowhere);
        System.setErr(nowhere);
        try {
            return start(options);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    public String account() {
        return options.emulator().defaultAccountId();
    }

    /** DynamoDB Local's endpoint (the jobs table is {@link #table}). */
    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public String topicArn() {
        return "arn:aws:sns:" + REGION + ":" + account() + ":wsicopy-notifications";
    }

    /** The state machine's ARN as the functions see it (the API starts executions of it). */
    public String stateMachineArn() {
        return "arn:aws:states:" + REGION + ":" + account() + ":stateMachine:BulkCopyStateMachine";
    }

    public String functionArn(String logicalId) {
        return "arn:aws:lambda:" + REGION + ":" + account() + ":function:" + logicalId;
    }

    /** The state machine's DefinitionSubstitutions, with the local functions' ARNs. */
    public Map<String, String> substitutions() {
        Map<String, String> arns = new LinkedHashMap<>();
        template.substitutions().forEach((name, function) -> arns.put(name, functionArn(function)));
        return arns;
    }

    /** The project's state machine on this stack: its executions' Lambda calls go to {@link #lambda}. */
    public StateMachineRunner stateMachine() {
        return new StateMachineRunner(options.root(), options.root().resolve(template.definitionUri()), substitutions(),
                lambda.endpoint(), REGION, options.timing());
    }

    /** The store as the functions see it, for reading progress and results (its calls are not counted). */
    public JobStore store() {
        return new JobStore(dynamo, table, clock);
    }

    /** The after-copy results the finishing steps recorded (FinishTarget), for reading. */
    public io.github.wsicopy.core.finish.FinishResults finishResults() {
        // keepFor only dates items written through it, and this reader writes none.
        return new io.github.wsicopy.core.finish.FinishResults(dynamo, table, clock, java.time.Duration.ZERO);
    }

    /** The settings {@code function} runs with here. */
    public Settings settings(FunctionSpec function) {
        return Settings.from(environment(function));
    }

    /**
     * The environment {@code function} runs with here: the template's variables (its resources replaced by
     * their local stand-ins), the local endpoints, then the options' overrides.
     */
    /** The schedule group of stored policies here (the template's PolicyScheduleGroup). */
    public static final String POLICY_SCHEDULE_GROUP = "wsicopy-policies";

    public Map<String, String> environment(FunctionSpec function) {
        Map<String, String> local = new LinkedHashMap<>();
        local.put("AWS_REGION", REGION);
        local.put("AWS_ENDPOINT_URL_WORKSPACES", emulator.endpoint().toString());
        local.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint.toString());
        local.put("AWS_ENDPOINT_URL_SNS", sink.endpoint().toString());
        local.put("AWS_ENDPOINT_URL_EVENTBRIDGE", sink.endpoint().toString());
        local.put("AWS_ENDPOINT_URL_SERVICE_QUOTAS", serviceQuotas.endpoint().toString());
        local.put("AWS_ENDPOINT_URL_SSM", ssm.endpoint().toString());
        local.put("AWS_ENDPOINT_URL_STS", organization.sts().endpoint().toString());
        local.put("AWS_ENDPOINT_URL_ORGANIZATIONS", organization.organizations().endpoint().toString());
        local.put("TARGET_EXTERNAL_ID", LocalOrganization.DEMO_EXTERNAL_ID);
        local.putAll(options.environment());
        return FunctionEnvironment.of(function,
                Map.of("JobsTable", table, "NotificationTopic", topicArn(), "BulkCopyStateMachine", stateMachineArn(),
                        "AWS::AccountId", account(), "PolicyScheduleGroup", POLICY_SCHEDULE_GROUP,
                        "PolicyScheduleRole.Arn", "arn:aws:iam::" + account() + ":role/wsicopy-policy-schedules"),
                local);
    }

    /** A logger for a function run outside the invoke server (the API): its lines, prefixed, go to the stack's log. */
    public LambdaLogger log(String function) {
        return new FunctionLog(function, options.log());
    }

    private LocalFunction function(FunctionSpec spec) {
        Settings settings = settings(spec); // fails now, not at the first invocation, if the template has news
        FunctionLog log = new FunctionLog(spec.logicalId(), options.log());
        List<ExecutionInterceptor> interceptors = new ArrayList<>();
        interceptors.add(dynamoCalls);
        interceptors.addAll(options.functionInterceptors().getOrDefault(spec.logicalId(), List.of()));
        // Each new execution environment gets its own clients, as in Lambda.
        return new LocalFunction(spec, functionArn(spec.logicalId()), () -> Handlers.instantiate(spec.handlerClass(),
                Components.of(settings, new AwsClients(settings, CREDENTIALS, interceptors), clock, log)), log);
    }

    private <T extends AutoCloseable> T remember(T resource) {
        started.add(resource);
        return resource;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not stop the local stack cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        started.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
