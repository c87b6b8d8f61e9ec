package io.github.wsicopy.core.accounts;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.config.AwsClients;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.rules.Regions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * The SDK clients of every account a job touches. The stack's own account ({@code ACCOUNT_ID}) uses the function's
 * credentials ({@link #stack()}); any other account gets those of the role
 * {@code arn:<partition>:iam::<account>:role/<TARGET_ROLE_NAME>}, assumed with {@code TARGET_EXTERNAL_ID} through STS
 * in the function's own Region (regional endpoint; {@code AWS_ENDPOINT_URL_STS} locally).
 *
 * <p><b>One AssumeRole per account and invocation, at most.</b> An account's credentials are kept while they have
 * more than {@link #RENEW_MARGIN} left, longer than any invocation runs, so a warm environment reuses them across
 * invocations and an invocation never renews them midway. An account's clients ({@link #clients}) are built once and
 * read its current credentials, so its WorkSpaces clients per Region are made lazily and reused like the stack's.
 * A refusal is remembered for {@link #REFUSAL_MEMORY}, so the many calls of one step into an account without the role
 * make one STS call, while a role deployed since is found by the next step. Throttling, server errors and no answer
 * from STS are a {@link TransientFailure} (the step is retried), never "unreachable".
 *
 * <p>Renewal happens here, in the caller's thread, before a call goes out, never inside the SDK's request pipeline,
 * so a refusal comes out as {@link AccountUnreachable} and not wrapped in an SDK exception. Thread-safe. The clock is
 * the handler's (the local STS stand-in dates its sessions by the same clock); in Lambda the wall clock.
 *
 * <p>For the integrator: {@link #reach} for a typed answer per target account (validation), {@link #clients} /
 * {@code WorkSpacesGateway.in(account)} for calls, which throw {@link AccountUnreachable}.
 */
public final class AccountAccess {
    /** Credentials with less than this left are renewed first: more than the longest invocation (15 minutes). */
    public static final Duration RENEW_MARGIN = Duration.ofMinutes(16);
    /** What AssumeRole asks for: the target role's MaxSessionDuration (templates/target-account-role.yaml). */
    static final int SESSION_SECONDS = 3600;
    /** How long a refusal stands before the next call into that account asks STS again. */
    public static final Duration REFUSAL_MEMORY = Duration.ofMinutes(1);

    private final AwsClients stack;
    private final Settings settings;
    private final Clock clock;
    private final String partition;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private volatile StsClient sts;

    public AccountAccess(AwsClients stack, Clock clock) {
        this.stack = Objects.requireNonNull(stack, "stack");
        this.settings = stack.settings();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.partition = Regions.partitionOf(settings.awsRegion()).orElse("aws");
    }

    /** The stack account's clients: the function's own credentials. */
    public AwsClients stack() {
        return stack;
    }

    /** The stack's account (ACCOUNT_ID, which the template sets); needed to tell it from a target account. */
    public String stackAccount() {
        return settings.accountId().orElseThrow(() -> new IllegalStateException(
                "ACCOUNT_ID is not set: the stack's own account cannot be told from a target account"));
    }

    public boolean isStack(String account) {
        return stackAccount().equals(account);
    }

    /** The role wsicopy assumes in {@code account}. */
    public String roleArn(String account) {
        return "arn:" + partition + ":iam::" + account + ":role/" + settings.targetRoleName();
    }

    /**
     * Whether calls into {@code account} can be made: the stack's account always; another one if its role can be
     * assumed now (at most one AssumeRole, kept for the calls that follow).
     *
     * @throws TransientFailure when STS is throttling, failing or not answering
     */
    public Reachability reach(String account) {
        try {
            clients(account);
            return new Reachability.Reachable(account);
        } catch (AccountUnreachable e) {
            return e.unreachable();
        }
    }

    /**
     * The clients that act in {@code account}: {@link #stack()} for the stack's account, else clients on the role's
     * credentials, renewed first when they are about to run out.
     *
     * @throws AccountUnreachable when the role cannot be assumed
     * @throws TransientFailure   when STS is throttling, failing or not answering
     */
    public AwsClients clients(String account) {
        if (isStack(account)) {
            return stack;
        }
        Session session = sessions.computeIfAbsent(account, Session::new);
        session.ensureFresh();
        return session.clients;
    }

    /** One account's assumed-role credentials and the clients that use them. */
    private final class Session {
        final String account;
        final String roleArn;
        final AwsClients clients;
        /** Guarded by this. */
        private AwsSessionCredentials credentials;
        private Instant expiration = Instant.MIN;
        private Reachability.Unreachable refusal;
        private Instant refusedAt = Instant.MIN;

        Session(String account) {
            this.account = account;
            this.roleArn = roleArn(account);
            this.clients = stack.withCredentials(this::current);
        }

        /** What the SDK signs with: the credentials {@link #ensureFresh} made current. */
        private synchronized AwsCredentials current() {
            ensureFresh();
            return credentials;
        }

        synchronized void ensureFresh() {
            Instant now = clock.instant();
            if (credentials != null && now.isBefore(expiration.minus(RENEW_MARGIN))) {
                return;
            }
            if (refusal != null && now.isBefore(refusedAt.plus(REFUSAL_MEMORY))) {
                throw new AccountUnreachable(refusal);
            }
            Optional<String> externalId = settings.targetExternalId();
            if (externalId.isEmpty()) {
                throw refused(now, new Reachability.Unreachable(account, roleArn, true, Optional.empty()));
            }
            AssumeRoleResponse answer;
            try {
                answer = sts().assumeRole(r -> r.roleArn(roleArn).externalId(externalId.get())
                        .roleSessionName(sessionName(settings.functionName())).durationSeconds(SESSION_SECONDS));
            } catch (AwsServiceException e) {
                if (isTransient(e)) {
                    throw new TransientFailure("STS in " + settings.awsRegion() + " could not assume role " + roleArn
                            + " in account " + account + " just now (" + describe(e) + "); the step is retried", e);
                }
                throw refused(now, new Reachability.Unreachable(account, roleArn, false, Optional.of(describe(e))));
            } catch (SdkException e) {
                throw new TransientFailure("STS in " + settings.awsRegion() + " did not answer the AssumeRole of "
                        + roleArn + " for account " + account + "; the step is retried", e);
            }
            var c = answer.credentials();
            credentials = AwsSessionCredentials.builder().accessKeyId(c.accessKeyId())
                    .secretAccessKey(c.secretAccessKey()).sessionToken(c.sessionToken())
                    .expirationTime(c.expiration()).accountId(account).build();
            expiration = c.expiration();
            refusal = null;
        }

        private AccountUnreachable refused(Instant now, Reachability.Unreachable unreachable) {
            refusal = unreachable;
            refusedAt = now;
            return new AccountUnreachable(unreachable);
        }
    }

    private StsClient sts() {
        StsClient client = sts;
        if (client == null) {
            synchronized (this) {
                if (sts == null) {
                    // The function's Region: STS's regional endpoint, as AWS recommends (the SDK's default).
                    sts = stack.configure(StsClient.builder(), settings.awsRegion(), settings.stsEndpoint()).build();
                }
                client = sts;
            }
        }
        return client;
    }

    /** Throttling, a server error: the same request may well succeed in a moment. */
    static boolean isTransient(AwsServiceException e) {
        return e.isThrottlingException() || e.statusCode() >= 500
                || e.awsErrorDetails() != null && "IDPCommunicationError".equals(e.awsErrorDetails().errorCode());
    }

    private static String describe(AwsServiceException e) {
        if (e.awsErrorDetails() == null) {
            return "HTTP " + e.statusCode();
        }
        return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
    }

    /**
     * A session name that says who acted in the target account's CloudTrail: wsicopy and the function
     * ({@code wsicopy@<function name>}), within STS's 2..64 characters of {@code [\w+=,.@-]}.
     */
    static String sessionName(Optional<String> functionName) {
        String name = functionName.map(f -> "wsicopy@" + f.replaceAll("[^\\w+=,.@-]", "-")).orElse("wsicopy");
        return name.length() <= 64 ? name : name.substring(0, 64);
    }
}
