package io.github.wsicopy.core.rules;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.model.AfterCopy;
import io.github.wsicopy.core.model.CopyRequest;
import io.github.wsicopy.core.model.DestinationFacts;
import io.github.wsicopy.core.model.Facts;
import io.github.wsicopy.core.model.Plan;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.Rejection;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.model.Target;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The up-front checks of the after-copy options: the bundles quota, the publish path, retention and the quota. */
class AfterCopyRulesTest {
    private static final String CALLER = "111111111111";
    private static final String IMAGE = "wsi-abc123def";
    private static final String REGION = "eu-west-1";
    private static final RulesConfig WITH_PATH = RulesConfig.DEFAULT.withPublishParameterPath(Optional.of("/golden/"));

    private static CopyRequest request(AfterCopy afterCopy) {
        return new CopyRequest("us-east-1", List.of(IMAGE), List.of(REGION), CopyRequest.DEFAULT_NAME_TEMPLATE, null,
                List.of(), List.of(), false, false, Set.of(), false, List.of(), List.of(), true, afterCopy);
    }

    private static AfterCopy bundles(AfterCopy.BundleSpec... specs) {
        return new AfterCopy(AfterCopy.REQUEST_GROUP, Optional.empty(), List.of(specs), Optional.empty());
    }

    private static AfterCopy.BundleSettings bundle(String name) {
        return new AfterCopy.BundleSettings(name, "STANDARD", Optional.empty(), 50, Optional.empty());
    }

    private static Facts facts(DestinationFacts there, Map<String, String> sourceBundleNames) {
        SourceImage image = new SourceImage(IMAGE, "golden-win11-v3", "", "AVAILABLE", "OWNED", CALLER, null);
        return new Facts("job-1", CALLER, LocalDate.of(2026, 11, 29), Map.of(IMAGE, image),
                Map.of(new Target(CALLER, REGION), there), Map.of(), List.of(CALLER), Map.of(), Map.of(),
                sourceBundleNames);
    }

    private static DestinationFacts withBundles(int count, String... names) {
        List<String> all = new java.util.ArrayList<>(IntStream.range(0, count).mapToObj(i -> "other-" + i).toList());
        all.addAll(List.of(names));
        return new DestinationFacts(REGION, true, Optional.empty(), false, List.of(), Map.of()).withBundleNames(all);
    }

    private static Plan plan(AfterCopy afterCopy, DestinationFacts there, RulesConfig config) {
        return RulesEngine.plan(request(afterCopy), facts(there, Map.of("wsb-source0001", "from-source")), config);
    }

    @Test
    void bundlesToCreateMustFitBesideTheAccountsOwnBundles() {
        Plan fits = plan(bundles(bundle("golden")), withBundles(49), RulesConfig.DEFAULT);
        Plan over = plan(bundles(bundle("golden"), bundle("golden-2")), withBundles(49), RulesConfig.DEFAULT);
        Rejection rejection = over.rejections().get(0);
        assertAll(
                () -> assertEquals(1, fits.copies().size()),
                () -> assertEquals(ReasonCode.BUNDLE_QUOTA_EXCEEDED, rejection.code()),
                () -> assertTrue(rejection.message().contains(REGION + " of account " + CALLER + " holds 49 bundles"),
                        rejection.message()),
                () -> assertTrue(rejection.message().contains("would create 2 more there (golden, golden-2)"),
                        rejection.message()),
                () -> assertTrue(rejection.message().contains("bundles per Region; nothing was copied there"),
                        rejection.message()));
    }

    @Test
    void updatingAnExistingBundleTakesNoRoom() {
        Plan full = plan(bundles(bundle("golden")), withBundles(49, "golden"), RulesConfig.DEFAULT);
        assertEquals(1, full.copies().size(), full.rejections().toString());
    }

    @Test
    void aFromBundleCountsByTheNameItTakesFromTheSourceRegion() {
        Plan creates = plan(bundles(new AfterCopy.FromBundle("wsb-source0001")), withBundles(50), RulesConfig.DEFAULT);
        Plan updates = plan(bundles(new AfterCopy.FromBundle("wsb-source0001")), withBundles(49, "from-source"),
                RulesConfig.DEFAULT);
        assertAll(
                () -> assertEquals(ReasonCode.BUNDLE_QUOTA_EXCEEDED, creates.rejections().get(0).code()),
                () -> assertEquals(1, updates.copies().size(), updates.rejections().toString()));
    }

    @Test
    void aPublishPrefixOutsideTheStacksPathIsRefusedBeforeAnythingIsCopied() {
        AfterCopy outside = new AfterCopy(AfterCopy.REQUEST_GROUP, Optional.empty(), List.of(),
                Optional.of(new AfterCopy.Publish("/other/")));
        AfterCopy inside = new AfterCopy(AfterCopy.REQUEST_GROUP, Optional.empty(), List.of(),
                Optional.of(new AfterCopy.Publish("/golden/win/")));
        Plan refused = plan(outside, withBundles(0), WITH_PATH);
        Rejection rejection = refused.rejections().get(0);
        assertAll(
                () -> assertEquals(ReasonCode.PUBLISH_PATH_NOT_ALLOWED, rejection.code()),
                () -> assertTrue(rejection.message().startsWith("publish.parameterPrefix \"/other/\" is not below the"
                        + " stack's PublishParameterPath \"/golden/\""), rejection.message()),
                () -> assertTrue(rejection.message().contains("nothing is copied to " + REGION + " of account "
                        + CALLER), rejection.message()),
                () -> assertEquals(1, plan(inside, withBundles(0), WITH_PATH).copies().size()),
                () -> assertEquals(1, plan(outside, withBundles(0), RulesConfig.DEFAULT).copies().size(),
                        "a stack without a path checks nothing"));
    }

    @Test
    void aFullRegionIsRefusedEvenWhenRetentionWillFreeSlotsAfterTheRun() {
        List<String> owned = IntStream.range(0, 40).mapToObj(i -> "image-" + i).toList();
        DestinationFacts full = new DestinationFacts(REGION, true, Optional.empty(), false, owned, Map.of());
        AfterCopy retain = new AfterCopy(AfterCopy.REQUEST_GROUP,
                Optional.of(new AfterCopy.Retention(2, Optional.empty())), List.of(), Optional.empty());
        Rejection rejection = plan(retain, full, RulesConfig.DEFAULT).rejections().get(0);
        assertAll(
                () -> assertEquals(ReasonCode.DESTINATION_QUOTA_EXCEEDED, rejection.code()),
                () -> assertTrue(rejection.message().contains("retain.keepLatest (2) deletes older copies only after"
                        + " this run's copies are AVAILABLE"), rejection.message()));
    }
}
