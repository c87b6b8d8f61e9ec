package io.github.wsicopy.core.rules;

import static io.github.wsicopy.core.rules.Given.CALLER;
import static io.github.wsicopy.core.rules.Given.DATE;
import static io.github.wsicopy.core.rules.Given.IMAGE;
import static io.github.wsicopy.core.rules.Given.JOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.accounts.Reachability;
import io.github.wsicopy.core.model.CopyRequest;
import io.github.wsicopy.core.model.DestinationFacts;
import io.github.wsicopy.core.model.Facts;
import io.github.wsicopy.core.model.Plan;
import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.Rejection;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.model.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of a request into several accounts: each (account, Region) is judged apart, and says its account. */
class RulesAcrossAccountsTest {
    private static final String OTHER = "222222222222";
    private static final String EU = "eu-west-1";

    private static CopyRequest request() {
        return new CopyRequest("us-east-1", List.of(IMAGE), List.of(EU), CopyRequest.DEFAULT_NAME_TEMPLATE, null,
                List.of(), List.of(Given.OTHER_ACCOUNT), false, false, Set.of(), false, List.of(CALLER, OTHER),
                List.of(), true, io.github.wsicopy.core.model.AfterCopy.NONE);
    }

    private static Facts facts(SourceImage image, DestinationFacts there, Map<String, Reason> unreachable,
            Map<String, String> organizations) {
        Map<Target, DestinationFacts> destinations = new LinkedHashMap<>();
        destinations.put(new Target(CALLER, EU), Given.byolEnabled(EU));
        if (!unreachable.containsKey(OTHER)) {
            destinations.put(new Target(OTHER, EU), there);
        }
        return new Facts(JOB, CALLER, DATE, Map.of(IMAGE, image), destinations, Map.of(), List.of(CALLER, OTHER),
                unreachable, organizations);
    }

    private static Rejection rejectionIn(Plan plan, String account) {
        return plan.rejections().stream().filter(r -> r.destinationAccount().equals(account)).findFirst()
                .orElseThrow(() -> new AssertionError("no rejection in " + account + ": " + plan));
    }

    @Test
    void anUnreachableAccountIsSkippedWithItsRoleAndTheOwnAccountIsCopied() {
        Reason refused = new Reachability.Unreachable(OTHER, "arn:aws:iam::" + OTHER + ":role/wsicopy-target", false,
                Optional.of("AccessDenied: no")).reason();

        Plan plan = RulesEngine.plan(request(), facts(Given.owned(IMAGE), Given.reachable(EU), Map.of(OTHER, refused),
                Map.of()), RulesConfig.DEFAULT);

        assertEquals(List.of(new Target(CALLER, EU)), plan.copies().stream().map(c -> c.target()).toList());
        Rejection other = rejectionIn(plan, OTHER);
        assertEquals(ReasonCode.ACCOUNT_UNREACHABLE, other.code());
        assertTrue(other.message().contains("arn:aws:iam::" + OTHER + ":role/wsicopy-target"), other.message());
    }

    @Test
    void anImageSharedWithTheStackCannotBeSharedOnToAnotherAccount() {
        Plan plan = RulesEngine.plan(request(), facts(Given.sharedBy(IMAGE, Given.OTHER_ACCOUNT), Given.reachable(EU),
                Map.of(), Map.of()), RulesConfig.DEFAULT);

        assertEquals(List.of(new Target(CALLER, EU)), plan.copies().stream().map(c -> c.target()).toList());
        assertEquals(ReasonCode.IMAGE_NOT_SHAREABLE, rejectionIn(plan, OTHER).code());
    }

    @Test
    void aByolImageGoesOnlyToAnAccountOfTheSameOrganizationAndTheReasonNamesTheAccount() {
        SourceImage byol = Given.byol(IMAGE);
        Map<String, String> sameOrganization = Map.of(CALLER, "o-abc", OTHER, "o-abc");
        Map<String, String> otherOrganization = Map.of(CALLER, "o-abc", OTHER, "o-xyz");

        Plan same = RulesEngine.plan(request(), facts(byol, Given.byolEnabled(EU), Map.of(), sameOrganization),
                RulesConfig.DEFAULT);
        Plan other = RulesEngine.plan(request(), facts(byol, Given.byolEnabled(EU), Map.of(), otherOrganization),
                RulesConfig.DEFAULT);
        Plan unknown = RulesEngine.plan(request(), facts(byol, Given.byolEnabled(EU), Map.of(), Map.of()),
                RulesConfig.DEFAULT);
        Plan disabled = RulesEngine.plan(request(), facts(byol, Given.reachable(EU), Map.of(), sameOrganization),
                RulesConfig.DEFAULT);

        assertEquals(2, same.copies().size(), same.toString());
        assertEquals(ReasonCode.BYOL_NOT_ENABLED, rejectionIn(other, OTHER).code());
        assertTrue(rejectionIn(other, OTHER).message().contains("not in this account's organization"),
                rejectionIn(other, OTHER).message());
        assertEquals(ReasonCode.BYOL_NOT_ENABLED, rejectionIn(unknown, OTHER).code(), "an unread organization fails closed");
        Rejection notEnabled = rejectionIn(disabled, OTHER);
        assertTrue(notEnabled.message().contains(EU + " of account " + OTHER), notEnabled.message());
    }
}
