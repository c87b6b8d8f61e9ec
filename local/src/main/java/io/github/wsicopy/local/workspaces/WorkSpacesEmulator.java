package io.github.wsicopy.local.workspaces;

import io.github.wsicopy.local.LoopbackServer;
import io.github.wsicopy.local.model.ModelValidator;
import io.github.wsicopy.local.model.ServiceModel;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server that speaks the Amazon WorkSpaces JSON 1.1 API for the image and bundle operations
 * of the bundled service model (CopyWorkspaceImage, DescribeWorkspaceImages,
 * DescribeWorkspaceImagePermissions, UpdateWorkspaceImagePermission, DescribeAccount, CreateTags,
 * DescribeTags, DeleteTags, DeleteWorkspaceImage, DescribeImageAssociations, DescribeWorkspaceBundles,
 * CreateWorkspaceBundle, UpdateWorkspaceBundle, DeleteWorkspaceBundle), for the AWS SDK
 * ({@code endpointOverride(endpoint())}) and the AWS CLI ({@code --endpoint-url}).
 *
 * <p>The Region of a call is the one in its SigV4 credential scope; its account is mapped from the
 * access key id (default: every key is account 123456789012). Signatures are not checked. Requests are
 * validated against the model; errors are {@code {"__type": ..., "message": ...}} with the model's shapes.
 * Copies start PENDING and complete after the copy duration on the configured clock, so a test moves a
 * {@link io.github.wsicopy.local.MutableClock} instead of waiting.
 *
 * <pre>{@code
 * MutableClock clock = new MutableClock();
 * try (WorkSpacesEmulator emu = WorkSpacesEmulator.start(EmulatorConfig.defaults().withClock(clock))) {
 *     String id = emu.addImage("123456789012", "us-east-1", ImageSeed.named("golden-win11").byol(true));
 *     emu.setDedicatedTenancy("123456789012", "eu-west-1", true);   // BYOL enabled there
 *     emu.shareImage("123456789012", "us-east-1", id, "210987654321");
 *     emu.setImageQuota("eu-west-1", 40);                          // destination quota
 *     emu.setCopyDuration(Duration.ofMinutes(20), Duration.ofMinutes(60));
 *     emu.faults().throttleFraction(0.33).loseNextCopyResponses(1).denyRegion("ap-northeast-1");
 *     emu.faults().failNext("CopyWorkspaceImage", "ResourceLimitExceededException", "quota", 1);
 *     emu.markCopyFailure(id, "InternalError", "Copy failed");      // copies of id end in ERROR
 *     String bundle = emu.addBundle("123456789012", "us-east-1", BundleSeed.named("vdi", id)); // id is in use
 *     emu.associateApplication("123456789012", "us-east-1", id, "wsa-abc123", "COMPLETED");
 *     // ... point the code under test at emu.endpoint(), then:
 *     clock.advance(Duration.ofHours(1));
 *     List<EmulatedImage> copies = emu.images("123456789012", "eu-west-1");
 *     long throttled = emu.counters().throttled();
 * }
 * }</pre>
 *
 * All methods are thread-safe and may be called while requests are being served.
 */
public final class WorkSpacesEmulator implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final EmulatorState state;
    private final RateLimiter rateLimiter;
    private final Faults faults;
    private final Counters counters = new Counters();
    private final Clock clock;

    private WorkSpacesEmulator(EmulatorConfig config) throws IOException {
        ServiceModel model = model();
        this.clock = config.clock();
        this.state = new EmulatorState(config);
        this.rateLimiter = new RateLimiter(config.ratePerSecond(), config.burst());
        this.faults = new Faults(config.seed());
        // Each request on its own virtual thread: many concurrent callers, no pool to size.
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.server = LoopbackServer.create(config.port(), "WorkSpaces emulator", executor);
        server.createContext("/", new ApiHandler(model, state, rateLimiter, faults, counters));
        server.start();
    }

    /** Starts an emulator with {@link EmulatorConfig#defaults()}. */
    public static WorkSpacesEmulator start() {
        return start(EmulatorConfig.defaults());
    }

    public static WorkSpacesEmulator start(EmulatorConfig config) {
        try {
            return new WorkSpacesEmulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the WorkSpaces emulator", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Adds an image owned by {@code accountId} in {@code region} and returns its id. The seed's values
     * must satisfy the model like a request's would.
     */
    public String addImage(String accountId, String region, ImageSeed seed) {
        List<String> violations = seedViolations(accountId, region, seed);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", violations));
        }
        return state.addImage(accountId, region, seed);
    }

    /** The operations the emulator serves (the bundled model's), e.g. for naming one in {@link Faults#failNext}. */
    public static java.util.Set<String> operations() {
        return model().operationNames();
    }

    /** The bundled cut of the official WorkSpaces model (the image operations) the emulator follows. */
    static ServiceModel model() {
        return ServiceModel.load(WorkSpacesEmulator.class, "workspaces-images-model.json");
    }

    /**
     * What the model finds wrong with {@link #addImage addImage(accountId, region, seed)} (empty: nothing), without
     * an emulator: readers of seed files check their input with it before they start anything.
     */
    public static List<String> seedViolations(String accountId, String region, ImageSeed seed) {
        ModelValidator validator = new ModelValidator(model());
        List<String> violations = new java.util.ArrayList<>();
        adminCheck(validator, "AwsAccount", "accountId", accountId, violations);
        adminCheck(validator, "Region", "region", region, violations);
        adminCheck(validator, "WorkspaceImageName", "Name", seed.name(), violations);
        if (seed.description() != null) {
            adminCheck(validator, "WorkspaceImageDescription", "Description", seed.description(), violations);
        }
        if (seed.imageId() != null) {
            adminCheck(validator, "WorkspaceImageId", "ImageId", seed.imageId(), violations);
        }
        seed.tags().forEach((k, v) -> {
            adminCheck(validator, "TagKey", "Tags.Key", k, violations);
            adminCheck(validator, "TagValue", "Tags.Value", v, violations);
        });
        return violations;
    }

    /** Shares an image of {@code ownerAccountId} with {@code withAccountId}, in any state (the API would require AVAILABLE). */
    public void shareImage(String ownerAccountId, String region, String imageId, String withAccountId) {
        state.share(ownerAccountId, region, imageId, withAccountId, true);
    }

    public void unshareImage(String ownerAccountId, String region, String imageId, String withAccountId) {
        state.share(ownerAccountId, region, imageId, withAccountId, false);
    }

    /**
     * Which organization each account belongs to (e.g. {@code organizations::organizationOf} of the Organizations
     * stand-in), for the rule that a BYOL image is shared through the API only with accounts of its owner's
     * organization that have BYOL enabled in the image's Region. By default no account is in an organization, so
     * BYOL images cannot be shared through the API ({@link #shareImage} is not checked).
     */
    public void setOrganizations(java.util.function.Function<String, Optional<String>> organizationOf) {
        state.setOrganizations(organizationOf);
    }

    /** Enables or disables BYOL (DescribeAccount DedicatedTenancySupport) for an account in a Region. */
    public void setDedicatedTenancy(String accountId, String region, boolean enabled) {
        state.setDedicatedTenancy(accountId, region, enabled);
    }

    /** The number of images an account may own in {@code region} (any state), checked by copies into it. */
    public void setImageQuota(String region, int quota) {
        state.setImageQuota(region, quota);
    }

    /** The image quota of every Region without its own. */
    public void setDefaultImageQuota(int quota) {
        state.setDefaultImageQuota(quota);
    }

    /** Copies made from now on take {@code duration} on the emulator's clock. */
    public void setCopyDuration(Duration duration) {
        setCopyDuration(duration, duration);
    }

    /** Copies made from now on take a (seeded) random duration in [min, max]. */
    public void setCopyDuration(Duration min, Duration max) {
        state.setCopyDuration(min, max);
    }

    /** Changes the per-(account, Region) API rate limit and refills every bucket; 0 = unlimited. */
    public void setRateLimit(double ratePerSecond, int burst) {
        rateLimiter.set(ratePerSecond, burst);
    }

    /**
     * Callers of {@code account} in {@code region} have just waited {@code waited} in virtual time (a state machine
     * Wait that a local run compresses): that (account, Region)'s rate-limit bucket refills as it would have in that
     * time. The limit otherwise runs on real time, which a compressed wait does not advance.
     */
    public void waited(String account, String region, Duration waited) {
        rateLimiter.credit(account, region, waited.toMillis() / 1000.0);
    }

    /**
     * Copies made in an (account, Region) are timed by {@code time} instead of the emulator's clock: when they are
     * stamped and when they end. A local stack whose state machine waits in virtual time gives each target the time of
     * its own loop, as in AWS, where a loop's waits are the real time its copies take; with one shared clock, a loop
     * that started late (its copies stamped at the clock, which loops that started early had moved on by hours) would
     * poll until the clock caught up. {@code time} is called under the emulator's lock, so it must not wait for one.
     */
    public void timeOfTargets(java.util.function.BiFunction<String, String, java.time.Instant> time) {
        state.timeOfTargets(time);
    }

    /** Calls signed with {@code accessKeyId} act as {@code accountId}. */
    public void mapAccessKey(String accessKeyId, String accountId) {
        state.mapAccessKey(accessKeyId, accountId);
    }

    /** Copies of {@code sourceImageId} (made before or after this call, not yet complete) end in ERROR. */
    public void markCopyFailure(String sourceImageId, String errorCode, String errorMessage) {
        state.markCopyFailure(sourceImageId, errorCode, errorMessage);
    }

    public void clearCopyFailure(String sourceImageId) {
        state.clearCopyFailure(sourceImageId);
    }

    /** The images {@code accountId} owns in {@code region}, oldest first, with their state as of now. */
    public List<EmulatedImage> images(String accountId, String region) {
        return state.images(accountId, region);
    }

    /** An image {@code accountId} owns in {@code region}. */
    public Optional<EmulatedImage> image(String accountId, String region, String imageId) {
        return state.image(accountId, region, imageId);
    }

    /** Removes an owned image, shared or not; false if there was none. */
    public boolean deleteImage(String accountId, String region, String imageId) {
        return state.deleteImage(accountId, region, imageId);
    }

    /**
     * Adds a custom bundle of {@code accountId} in {@code region} using one of its images (any state), and returns
     * its id: the image is then "in use" for DeleteWorkspaceImage and DescribeWorkspaceBundles. Not counted against
     * the bundle quota's check, which only CreateWorkspaceBundle makes.
     */
    public String addBundle(String accountId, String region, BundleSeed seed) {
        ModelValidator validator = new ModelValidator(model());
        List<String> violations = new java.util.ArrayList<>();
        adminCheck(validator, "WorkspaceBundleName", "Name", seed.name(), violations);
        adminCheck(validator, "WorkspaceBundleDescription", "Description", seed.description(), violations);
        adminCheck(validator, "Compute", "ComputeType.Name", seed.computeType(), violations);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", violations));
        }
        return state.addBundle(accountId, region, seed);
    }

    /** The custom bundles {@code accountId} owns in {@code region}, by id. */
    public List<EmulatedBundle> bundles(String accountId, String region) {
        return state.bundles(accountId, region);
    }

    /** Custom bundles an account may own per Region (default 50), checked by CreateWorkspaceBundle. */
    public void setBundleQuota(int quota) {
        state.setBundleQuota(quota);
    }

    /**
     * Marks an image as used by a WorkSpaces application ({@code applicationId}, e.g. {@code wsa-...}) in the given
     * AssociationState (e.g. COMPLETED): DescribeImageAssociations reports it until the image is deleted.
     */
    public ImageAssociation associateApplication(String accountId, String region, String imageId, String applicationId,
                                                 String state) {
        ServiceModel model = model();
        if (!model.shape("AssociationState").enumValues().contains(state)) {
            throw new IllegalArgumentException("state must be one of " + model.shape("AssociationState").enumValues());
        }
        return this.state.associate(accountId, region, imageId, ImageAssociation.APPLICATION, applicationId, state);
    }

    public Faults faults() {
        return faults;
    }

    public Counters counters() {
        return counters;
    }

    public void resetCounters() {
        counters.reset();
    }

    /** {@link Counters#snapshot()}. */
    public Map<String, Object> countersSnapshot() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private static void adminCheck(ModelValidator validator, String shape, String what, String value, List<String> violations) {
        validator.violations(shape, what, JsonNodeParser.create().parse(Json.write(value)))
                .forEach(v -> violations.add(v.text()));
    }
}
