package io.github.wsicopy.core.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.finish.RetentionPlan.Decision;
import io.github.wsicopy.core.finish.RetentionPlan.Delete;
import io.github.wsicopy.core.finish.RetentionPlan.Image;
import io.github.wsicopy.core.finish.RetentionPlan.Keep;
import io.github.wsicopy.core.finish.RetentionPlan.KeepReason;
import io.github.wsicopy.core.finish.RetentionPlan.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {
    private static final String LINEAGE = "nightly/golden";
    /** The wsicopy:source-image-id tag of a copy of ours. */
    private static final Optional<String> OURS = Optional.of("wsi-source0001");
    private static final Instant DAY1 = Instant.parse("2024-01-01T02:00:00Z");

    /** Copy n of five nightly versions: night 1 is the oldest, night 5 the job's new copy. */
    private static Image night(int n) {
        return new Image("wsi-night0000" + n, "golden-2024-01-0" + n, DAY1.plusSeconds(86_400L * (n - 1)), "AVAILABLE",
                OURS, Optional.of(LINEAGE));
    }

    private static List<Image> fiveNights() {
        List<Image> images = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            images.add(night(n));
        }
        return images;
    }

    private static Scope keep(int n) {
        return new Scope(n, Set.of(night(5).imageId()), Set.of(LINEAGE), Map.of(), Set.of(), Set.of());
    }

    private static List<String> deleted(List<Decision> decisions) {
        return RetentionPlan.deletions(decisions).stream().map(Delete::imageId).toList();
    }

    private static KeepReason reason(List<Decision> decisions, String imageId) {
        return decisions.stream().filter(d -> d.imageId().equals(imageId)).map(d -> ((Keep) d).reason())
                .findFirst().orElseThrow();
    }

    @Test
    void ofFiveNightlyVersionsKeepLatestTwoKeepsTheTwoNewest() {
        List<Decision> plan = RetentionPlan.plan(fiveNights(), keep(2));
        assertEquals(List.of(night(1).imageId(), night(2).imageId(), night(3).imageId()), deleted(plan));
        assertEquals(KeepReason.NEWEST, reason(plan, night(5).imageId()));
        assertEquals(KeepReason.NEWEST, reason(plan, night(4).imageId()));
        Delete oldest = RetentionPlan.deletions(plan).get(0);
        assertEquals(5, oldest.rank());
        assertTrue(oldest.why().contains("lineage nightly/golden") && oldest.why().contains("2 newest"), oldest.why());
    }

    @Test
    void theJobsNewCopyCountsAsNewestWhateverItsDate() {
        Image newCopy = new Image("wsi-newcopy001", "golden-2024-01-06", DAY1.minusSeconds(3600), "AVAILABLE", OURS,
                Optional.of(LINEAGE));
        List<Image> images = new ArrayList<>(fiveNights());
        images.add(newCopy);
        Scope scope = new Scope(1, Set.of(newCopy.imageId()), Set.of(LINEAGE), Map.of(), Set.of(), Set.of());
        List<Decision> plan = RetentionPlan.plan(images, scope);
        assertEquals(KeepReason.NEWEST, reason(plan, newCopy.imageId()));
        assertEquals(5, deleted(plan).size());
    }

    @Test
    void neverAnImageInUseSharedOrASource() {
        Scope scope = keep(2).withUse(Map.of(night(1).imageId(), "used by bundle golden (wsb-0123abcd)"),
                Set.of(night(2).imageId()));
        scope = new Scope(2, scope.newCopies(), scope.lineages(), scope.inUse(), scope.shared(),
                Set.of(night(3).imageId()));
        List<Decision> plan = RetentionPlan.plan(fiveNights(), scope);
        assertEquals(List.of(), deleted(plan));
        assertEquals(KeepReason.IN_USE, reason(plan, night(1).imageId()));
        assertEquals(KeepReason.SHARED, reason(plan, night(2).imageId()));
        assertEquals(KeepReason.SOURCE, reason(plan, night(3).imageId()));
        assertTrue(plan.get(0).why().contains("bundle golden"), plan.get(0).why());
    }

    @Test
    void neverAnImageNotOursWithoutLineageOfAnotherLineageOrNotAvailable() {
        List<Image> images = new ArrayList<>(fiveNights());
        Image notOurs = new Image("wsi-foreign001", "golden-2023", DAY1.minusSeconds(9_000_000), "AVAILABLE", Optional.empty(),
                Optional.of(LINEAGE));
        Image noLineage = new Image("wsi-oldcopy01", "golden-2022", DAY1.minusSeconds(9_000_000), "AVAILABLE", OURS,
                Optional.empty());
        Image other = new Image("wsi-otherlin1", "office-1", DAY1.minusSeconds(9_000_000), "AVAILABLE", OURS,
                Optional.of("nightly/office"));
        Image pending = new Image("wsi-pending01", "golden-x", DAY1.minusSeconds(9_000_000), "PENDING", OURS,
                Optional.of(LINEAGE));
        Image error = new Image("wsi-errored01", "golden-y", DAY1.minusSeconds(9_000_000), "ERROR", OURS,
                Optional.of(LINEAGE));
        images.addAll(List.of(notOurs, noLineage, other, pending, error));
        List<Decision> plan = RetentionPlan.plan(images, keep(2));
        assertEquals(List.of(night(1).imageId(), night(2).imageId(), night(3).imageId()), deleted(plan));
        assertEquals(KeepReason.NOT_OURS, reason(plan, notOurs.imageId()));
        assertEquals(KeepReason.NO_LINEAGE, reason(plan, noLineage.imageId()));
        assertEquals(KeepReason.OTHER_LINEAGE, reason(plan, other.imageId()));
        assertEquals(KeepReason.NOT_AVAILABLE, reason(plan, pending.imageId()));
        assertEquals(KeepReason.NOT_AVAILABLE, reason(plan, error.imageId()));
    }

    @Test
    void candidatesAreWhatWouldGoBeforeUseAndSharingAreKnown() {
        Scope scope = keep(4).withUse(Map.of(night(1).imageId(), "used"), Set.of());
        assertEquals(List.of(night(1).imageId()), RetentionPlan.candidates(fiveNights(), scope));
    }
}
