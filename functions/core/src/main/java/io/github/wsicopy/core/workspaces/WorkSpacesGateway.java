package io.github.wsicopy.core.workspaces;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.accounts.AccountAccess;
import io.github.wsicopy.core.accounts.AccountUnreachable;
import io.github.wsicopy.core.budget.Gcra;
import io.github.wsicopy.core.budget.RateBudget;
import io.github.wsicopy.core.config.AwsClients;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.model.Tag;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;
import software.amazon.awssdk.services.workspaces.model.DescribeWorkspaceBundlesResponse;
import software.amazon.awssdk.services.workspaces.model.DescribeWorkspaceImagesRequest;
import software.amazon.awssdk.services.workspaces.model.DescribeWorkspaceImagesResponse;
import software.amazon.awssdk.services.workspaces.model.ImageType;
import software.amazon.awssdk.services.workspaces.model.WorkspaceImage;

/**
 * Every WorkSpaces call the project makes, over the SDK v2 client. Describe calls are batched by the API's
 * maximum of 25 ids and follow NextToken; SDK exceptions come out as {@link WorkSpacesError}.
 *
 * <p>Every HTTP call first takes a slot in the (account, Region) {@link RateBudget} that all functions of the stack
 * share, so concurrent jobs together stay within the API's rate. Throttling that still happens (other tools use the
 * same API) is retried here with exponential backoff and full jitter, each retry taking a budget slot too, for at
 * most {@code WORKSPACES_RETRY_SECONDS} (and never past the invocation's deadline, {@link CallDeadline}); only then
 * does it come out, as a THROTTLED error the callers turn into a retried step. Reads are also retried after a
 * server error or no answer; CopyWorkspaceImage and DeleteWorkspaceImage only after throttling, which provably did
 * nothing. The SDK clients themselves never retry (AwsClients): their retries would take no budget slot.
 */
public final class WorkSpacesGateway {
    /** DescribeWorkspaceImages accepts at most 25 ids per call and returns at most 25 per page. */
    public static final int DESCRIBE_BATCH = 25;
    /** The budget's key when no ACCOUNT_ID is set: every function of a stack shares one table, so one account. */
    static final String THIS_ACCOUNT = "this-account";
    /**
     * A copy or delete waits at most this long for its budget slot and throttling retries: a copy step that would
     * wait longer returns the Region to the state machine's Wait (cheaper than a sleeping function).
     */
    static final long WRITE_PATIENCE_MILLIS = 10_000;
    /**
     * How long a share waits for the source account's budget: briefly, because many targets share one source's
     * 2 calls/s, and a step that waited its write patience for each share would bill its Lambda time for the wait;
     * a share that finds the budget booked comes back in the target's next round (CopyStarter).
     */
    static final long SHARE_PATIENCE_MILLIS = 2_000;
    /**
     * How long an unshare waits for the source account's budget: shorter still, so the shares other targets are waiting
     * for to start their copies come first; an unshare that finds the budget booked is retried by its finishing step.
     */
    static final long UNSHARE_PATIENCE_MILLIS = 1_000;
    /** Reads after a server error or no answer: this many tries in all. */
    private static final int READ_TRIES_AFTER_FAILURE = 3;
    private static final long BACKOFF_BASE_MILLIS = 250;
    private static final long BACKOFF_CAP_MILLIS = 8_000;

    private final Function<String, WorkSpacesClient> readers;
    private final Function<String, WorkSpacesClient> writers;
    private final RateBudget budget;
    private final String account;
    private final long retryMillis;
    /** The accounts {@link #in} reaches; null for a gateway of one account only. */
    private final AccountAccess accounts;
    /** Before a call: renews the account's assumed-role credentials, or says it is unreachable. */
    private final Runnable access;
    /** The stack account's gateway, which makes and keeps the others; null for itself. */
    private final WorkSpacesGateway stackGateway;
    private final Map<String, WorkSpacesGateway> others = new ConcurrentHashMap<>();

    /**
     * The stack's gateway: the shared budget in the jobs table, warnings to {@code warn}; other accounts through
     * roles assumed by wall-clock time ({@link #WorkSpacesGateway(AccountAccess, Consumer)} takes the handler's clock).
     */
    public WorkSpacesGateway(AwsClients clients, Consumer<String> warn) {
        this(new AccountAccess(clients, Clock.systemUTC()), warn);
    }

    /** The stack account's gateway; {@link #in} gives the other accounts' through {@code accounts}. */
    public WorkSpacesGateway(AccountAccess accounts, Consumer<String> warn) {
        this(accounts.stack()::workspacesReader, accounts.stack()::workspacesWriter,
                budget(accounts.stack().dynamo(), accounts.stack().settings(), warn),
                budgetAccount(accounts.stack().settings()), accounts.stack().settings().workspacesRetrySeconds() * 1000L,
                accounts, () -> {}, null);
    }

    /**
     * The account a budget item is kept for: ACCOUNT_ID (the template sets it), else a fixed name, which is as good
     * since every function sharing the table runs in the table's account.
     */
    public static String budgetAccount(Settings settings) {
        return settings.accountId().orElse(THIS_ACCOUNT);
    }

    /** {@link #WorkSpacesGateway(AwsClients, Consumer)} with warnings on standard error. */
    public WorkSpacesGateway(AwsClients clients) {
        this(clients, System.err::println);
    }

    /**
     * @param budget      the shared rate budget every call takes a slot from
     * @param account     the budget's account
     * @param retryMillis how long one call may be retried after throttling
     */
    public WorkSpacesGateway(Function<String, WorkSpacesClient> readers, Function<String, WorkSpacesClient> writers,
            RateBudget budget, String account, long retryMillis) {
        this(readers, writers, budget, account, retryMillis, null, () -> {}, null);
    }

    private WorkSpacesGateway(Function<String, WorkSpacesClient> readers, Function<String, WorkSpacesClient> writers,
            RateBudget budget, String account, long retryMillis, AccountAccess accounts, Runnable access,
            WorkSpacesGateway stackGateway) {
        this.readers = readers;
        this.writers = writers;
        this.budget = budget;
        this.account = account;
        this.retryMillis = retryMillis;
        this.accounts = accounts;
        this.access = access;
        this.stackGateway = stackGateway;
    }

    /**
     * The gateway of {@code account}: this one for the stack's account; for another, one whose calls use the role
     * assumed there ({@link AccountAccess}: one AssumeRole per account and invocation) and take their slots from that
     * account's budget ({@code BUDGET#<account>#<region>}), since WorkSpaces limits each account apart. Built once per
     * account and reused. Its calls throw {@link AccountUnreachable} when the role cannot be assumed.
     */
    public WorkSpacesGateway in(String account) {
        if (stackGateway != null) {
            return stackGateway.in(account);
        }
        if (account.equals(this.account)) {
            return this;
        }
        if (accounts == null) {
            throw new IllegalStateException("this WorkSpaces gateway reaches account " + this.account + " only, not "
                    + account);
        }
        if (accounts.isStack(account)) {
            return this;
        }
        return others.computeIfAbsent(account, a -> new WorkSpacesGateway(
                region -> accounts.clients(a).workspacesReader(region),
                region -> accounts.clients(a).workspacesWriter(region),
                budget, a, retryMillis, accounts, () -> accounts.clients(a), this));
    }

    /** The account this gateway acts in (its budget's key). */
    public String account() {
        return account;
    }

    /** Whether {@link #in} reaches accounts other than this gateway's own (it was built with an AccountAccess). */
    public boolean reachesOtherAccounts() {
        return stackGateway != null ? stackGateway.reachesOtherAccounts() : accounts != null;
    }

    /** The accounts {@link #in} reaches, for a typed answer per account ({@link AccountAccess#reach}). */
    public AccountAccess accounts() {
        if (accounts == null) {
            throw new IllegalStateException("this WorkSpaces gateway reaches account " + account + " only");
        }
        return accounts;
    }

    /** The stack's budget: rate and burst from the settings, wall-clock time (the service's limit is real time). */
    public static RateBudget budget(DynamoDbClient dynamo, Settings settings, Consumer<String> warn) {
        return new RateBudget(dynamo, settings.tableName(),
                Gcra.of(settings.workspacesCallsPerSecond(), settings.workspacesBurst()), System::currentTimeMillis, warn);
    }

    /**
     * The requested images that exist and are visible to the caller, by id; missing ids are simply absent.
     * The API reports no image type per image, so an image is SHARED when another account owns it.
     */
    public Map<String, SourceImage> describeImages(String region, Collection<String> imageIds, String callerAccount) {
        Map<String, SourceImage> found = new LinkedHashMap<>();
        for (WorkspaceImage image : describeByIds(region, imageIds, () -> {})) {
            found.put(image.imageId(), toSourceImage(image, imageType(image, callerAccount)));
        }
        return found;
    }

    /** The state of each copy, by destination image id; a copy WorkSpaces no longer knows is absent. */
    public Map<String, CopyStatus> copyStatus(String region, Collection<String> imageIds) {
        return copyStatus(region, imageIds, () -> {});
    }

    /** {@link #copyStatus(String, Collection)}, running {@code beforeEachCall} before each request (pacing). */
    public Map<String, CopyStatus> copyStatus(String region, Collection<String> imageIds, Runnable beforeEachCall) {
        Map<String, CopyStatus> found = new LinkedHashMap<>();
        for (WorkspaceImage image : describeByIds(region, imageIds, beforeEachCall)) {
            found.put(image.imageId(), new CopyStatus(image.imageId(), image.stateAsString(),
                    Optional.ofNullable(image.errorCode()), Optional.ofNullable(image.errorMessage()),
                    image.errorDetails().stream().map(d -> d.errorCodeAsString() + ": " + d.errorMessage()).toList()));
        }
        return found;
    }

    /** Every image the account owns in the Region (they all count against its image quota). */
    public List<SourceImage> ownedImages(String region) {
        List<SourceImage> images = new ArrayList<>();
        String token = null;
        do {
            DescribeWorkspaceImagesRequest request = DescribeWorkspaceImagesRequest.builder()
                    .imageType(ImageType.OWNED).maxResults(DESCRIBE_BATCH).nextToken(token).build();
            DescribeWorkspaceImagesResponse page = read(region, () -> readers.apply(region).describeWorkspaceImages(request));
            page.images().forEach(i -> images.add(toSourceImage(i, "OWNED")));
            token = page.nextToken();
        } while (token != null);
        return images;
    }

    /**
     * Every image the caller can see in the Region: its own and those shared with it (DescribeWorkspaceImages
     * without ids or type, page by page). A policy's selector picks from these.
     */
    public List<SourceImage> visibleImages(String region, String callerAccount) {
        List<SourceImage> images = new ArrayList<>();
        String token = null;
        do {
            DescribeWorkspaceImagesRequest request = DescribeWorkspaceImagesRequest.builder()
                    .maxResults(DESCRIBE_BATCH).nextToken(token).build();
            DescribeWorkspaceImagesResponse page = read(region, () -> readers.apply(region).describeWorkspaceImages(request));
            page.images().forEach(i -> images.add(toSourceImage(i, imageType(i, callerAccount))));
            token = page.nextToken();
        } while (token != null);
        return images;
    }

    /** The image the account owns in the Region with this exact name, if any (names are unique per Region). */
    public Optional<SourceImage> ownedImageNamed(String region, String name) {
        return ownedImages(region).stream().filter(i -> name.equals(i.name())).findFirst();
    }

    /** BYOL images can be copied only to Regions where DescribeAccount reports dedicated tenancy ENABLED. */
    public boolean byolEnabled(String region) {
        return "ENABLED".equals(read(region, () -> readers.apply(region).describeAccount(r -> {})).dedicatedTenancySupportAsString());
    }

    public Map<String, String> tags(String region, String imageId) {
        Map<String, String> tags = new LinkedHashMap<>();
        read(region, () -> readers.apply(region).describeTags(r -> r.resourceId(imageId)))
                .tagList().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    /**
     * Starts one copy and returns the new image's id. Called exactly once per attempt: the writer client never
     * retries, because a repeated CopyWorkspaceImage makes a second image.
     */
    public String copy(CopyCommand command) {
        return write(command.destinationRegion(), () -> writers.apply(command.destinationRegion()).copyWorkspaceImage(r -> r
                .sourceRegion(command.sourceRegion())
                .sourceImageId(command.sourceImageId())
                .name(command.name())
                .description(command.description())
                .tags(command.tags().stream().map(WorkSpacesGateway::toSdkTag).toList()))).imageId();
    }

    public void deleteImage(String region, String imageId) {
        write(region, () -> writers.apply(region).deleteWorkspaceImage(r -> r.imageId(imageId)));
    }

    /** Every image the account owns in the Region, with its creation time. */
    public List<DatedImage> ownedImagesDated(String region) {
        List<DatedImage> images = new ArrayList<>();
        String token = null;
        do {
            DescribeWorkspaceImagesRequest request = DescribeWorkspaceImagesRequest.builder()
                    .imageType(ImageType.OWNED).maxResults(DESCRIBE_BATCH).nextToken(token).build();
            DescribeWorkspaceImagesResponse page = read(region, () -> readers.apply(region).describeWorkspaceImages(request));
            page.images().forEach(i -> images.add(new DatedImage(i.imageId(), i.name(), i.stateAsString(), i.created())));
            token = page.nextToken();
        } while (token != null);
        return images;
    }

    /** The account's own custom bundles in the Region (DescribeWorkspaceBundles without an owner). */
    public List<Bundle> ownBundles(String region) {
        List<Bundle> bundles = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeWorkspaceBundlesResponse page = read(region, () -> readers.apply(region)
                    .describeWorkspaceBundles(r -> r.nextToken(next)));
            page.bundles().forEach(b -> bundles.add(toBundle(b)));
            token = page.nextToken();
        } while (token != null);
        return bundles;
    }

    /** The bundles with these ids that the caller can see in the Region; missing ids are absent. */
    public Map<String, Bundle> bundlesById(String region, Collection<String> bundleIds) {
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(bundleIds));
        Map<String, Bundle> found = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += DESCRIBE_BATCH) {
            List<String> batch = ids.subList(from, Math.min(from + DESCRIBE_BATCH, ids.size()));
            read(region, () -> readers.apply(region).describeWorkspaceBundles(r -> r.bundleIds(batch)))
                    .bundles().forEach(b -> found.put(b.bundleId(), toBundle(b)));
        }
        return found;
    }

    /** What WorkSpaces applications the image is associated with (DescribeImageAssociations, type APPLICATION). */
    public List<String> applicationAssociations(String region, String imageId) {
        return read(region, () -> readers.apply(region).describeImageAssociations(r -> r.imageId(imageId)
                .associatedResourceTypesWithStrings("APPLICATION")))
                .associations().stream().map(a -> a.associatedResourceId()).toList();
    }

    /** The accounts the image is shared with (DescribeWorkspaceImagePermissions). */
    public List<String> sharedWith(String region, String imageId) {
        List<String> accounts = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = read(region, () -> readers.apply(region).describeWorkspaceImagePermissions(r -> r
                    .imageId(imageId).nextToken(next)));
            page.imagePermissions().forEach(p -> accounts.add(p.sharedAccountId()));
            token = page.nextToken();
        } while (token != null);
        return accounts;
    }

    /**
     * Creates a bundle on the image and returns its id. Not retried after an unknown outcome: the caller looks for the
     * bundle by name before creating again (names are unique per Region).
     */
    public String createBundle(String region, String name, String description, String imageId, String computeType,
            Optional<Integer> rootVolumeGb, int userVolumeGb, List<Tag> tags) {
        return write(region, () -> writers.apply(region).createWorkspaceBundle(r -> {
            r.bundleName(name).bundleDescription(description).imageId(imageId)
                    .computeType(c -> c.name(computeType))
                    .userStorage(u -> u.capacity(Integer.toString(userVolumeGb)))
                    .tags(tags.stream().map(WorkSpacesGateway::toSdkTag).toList());
            rootVolumeGb.ifPresent(gb -> r.rootStorage(s -> s.capacity(Integer.toString(gb))));
        })).workspaceBundle().bundleId();
    }

    /** Points the bundle at another image; new WorkSpaces get it, existing ones keep theirs until rebuilt. */
    public void updateBundle(String region, String bundleId, String imageId) {
        write(region, () -> writers.apply(region).updateWorkspaceBundle(r -> r.bundleId(bundleId).imageId(imageId)));
    }

    private static Bundle toBundle(software.amazon.awssdk.services.workspaces.model.WorkspaceBundle b) {
        return new Bundle(b.bundleId(), b.name(), b.description(), b.imageId(),
                b.computeType() == null ? null : b.computeType().nameAsString(),
                Optional.ofNullable(b.rootStorage()).map(r -> gigabytes(r.capacity())),
                b.userStorage() == null ? 0 : gigabytes(b.userStorage().capacity()));
    }

    private static int gigabytes(String capacity) {
        try {
            return Integer.parseInt(capacity.trim());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Lets {@code sharedAccount} copy one of this account's images ({@code allowCopy} true), or no longer
     * ({@code false}): UpdateWorkspaceImagePermission in the image's Region. Setting what is already set changes
     * nothing, so unlike a copy it is also retried after no answer; with a write's patience, like a copy
     * (core.accounts.ImageShares holds who needs the share).
     */
    public void updateImagePermission(String region, String imageId, String sharedAccount, boolean allowCopy) {
        call(region, () -> writers.apply(region).updateWorkspaceImagePermission(r -> r.imageId(imageId)
                .sharedAccountId(sharedAccount).allowCopyImage(allowCopy)), true,
                Math.min(retryMillis, allowCopy ? SHARE_PATIENCE_MILLIS : UNSHARE_PATIENCE_MILLIS));
    }

    private List<WorkspaceImage> describeByIds(String region, Collection<String> imageIds, Runnable beforeEachCall) {
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(imageIds));
        List<WorkspaceImage> images = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += DESCRIBE_BATCH) {
            List<String> batch = ids.subList(from, Math.min(from + DESCRIBE_BATCH, ids.size()));
            String token = null;
            do {
                DescribeWorkspaceImagesRequest request = DescribeWorkspaceImagesRequest.builder()
                        .imageIds(batch).nextToken(token).build();
                beforeEachCall.run();
                DescribeWorkspaceImagesResponse page = read(region, () -> readers.apply(region).describeWorkspaceImages(request));
                images.addAll(page.images());
                token = page.nextToken();
            } while (token != null);
        }
        return images;
    }

    private static String imageType(WorkspaceImage image, String callerAccount) {
        // Fails closed: an image with no reported owner is not taken for ours (RulesEngine.untrustedOwner refuses it).
        if (image.ownerAccountId() == null) {
            return "UNKNOWN";
        }
        return image.ownerAccountId().equals(callerAccount) ? "OWNED" : "SHARED";
    }

    private static SourceImage toSourceImage(WorkspaceImage image, String imageType) {
        return new SourceImage(image.imageId(), image.name(), image.description(), image.stateAsString(),
                imageType, image.ownerAccountId(), image.requiredTenancyAsString());
    }

    private static software.amazon.awssdk.services.workspaces.model.Tag toSdkTag(Tag tag) {
        return software.amazon.awssdk.services.workspaces.model.Tag.builder().key(tag.key()).value(tag.value()).build();
    }

    private <T> T read(String region, Supplier<T> call) {
        return call(region, call, true, retryMillis);
    }

    private <T> T write(String region, Supplier<T> call) {
        return call(region, call, false, Math.min(retryMillis, WRITE_PATIENCE_MILLIS));
    }

    /**
     * One WorkSpaces request: a budget slot, then the call; throttling (and, for reads, a failure that may have
     * done nothing) is retried after a jittered pause until {@code patienceMillis} (or the invocation) runs out.
     */
    private <T> T call(String region, Supplier<T> call, boolean read, long patienceMillis) {
        access.run();
        long giveUpAt = CallDeadline.cap(budget.now() + patienceMillis);
        for (int attempt = 0; ; attempt++) {
            takeSlot(region, giveUpAt);
            WorkSpacesError error;
            try {
                return call.get();
            } catch (SdkException e) {
                error = ErrorMapping.map(e);
            }
            boolean again = error.kind() == WorkSpacesError.Kind.THROTTLED
                    || read && error.kind() == WorkSpacesError.Kind.UNKNOWN_OUTCOME && attempt + 1 < READ_TRIES_AFTER_FAILURE;
            long pause = backoff(attempt);
            if (!again || budget.now() + pause >= giveUpAt) {
                throw error;
            }
            sleepUntil(budget.now() + pause);
        }
    }

    /** Waits for this call's slot in the shared budget; a slot beyond {@code giveUpAt} is not taken. */
    private void takeSlot(String region, long giveUpAt) {
        long now = budget.now();
        switch (budget.reserve(account, region, giveUpAt - now)) {
            case RateBudget.Go go -> sleepUntil(go.atMillis());
            case RateBudget.Later later -> throw new WorkSpacesError(WorkSpacesError.Kind.THROTTLED, "RateBudgetExhausted",
                    "the WorkSpaces calls of account " + account + " in " + region + " are booked for the next "
                            + (later.waitMillis() + 999) / 1000 + " s by this stack's running jobs (WorkSpacesCallsPerSecond "
                            + "and WorkSpacesBurst); the step waits and tries again", null);
        }
    }

    /** Full jitter: anywhere between 0 and the exponential step, so retrying callers spread out. */
    static long backoff(int attempt) {
        long step = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << Math.min(attempt, 16));
        return ThreadLocalRandom.current().nextLong(step + 1);
    }

    private void sleepUntil(long atMillis) {
        long millis = atMillis - budget.now();
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while waiting to call WorkSpaces");
        }
    }
}
