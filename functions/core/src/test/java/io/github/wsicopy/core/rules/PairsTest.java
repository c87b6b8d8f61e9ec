package io.github.wsicopy.core.rules;

import static io.github.wsicopy.core.rules.Given.IMAGE;
import static io.github.wsicopy.core.rules.Given.IMAGE_2;
import static io.github.wsicopy.core.rules.Given.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wsicopy.core.model.CopyPair;
import io.github.wsicopy.core.model.CopyRequest;
import io.github.wsicopy.core.model.Plan;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A request with {@code pairs} plans only those pairs: the others are neither copied nor reported. */
class PairsTest {
    @Test
    void onlyTheListedPairsArePlanned() {
        Given given = given().from("us-east-1").to("eu-west-1", "ap-northeast-1").images(IMAGE, IMAGE_2);
        CopyRequest all = given.request();
        CopyRequest some = new CopyRequest(all.sourceRegion(), all.imageIds(), all.destinationRegions(),
                all.nameTemplate(), all.descriptionTemplate(), all.tags(), all.trustedOwnerAccounts(),
                all.allowSameRegion(), all.encrypted(),
                Set.of(new CopyPair(IMAGE, "ap-northeast-1"), new CopyPair(IMAGE_2, "eu-west-1")));

        Plan plan = RulesEngine.plan(some, given.facts(), RulesConfig.DEFAULT);

        assertEquals(List.of(IMAGE + "→ap-northeast-1", IMAGE_2 + "→eu-west-1"), plan.copies().stream()
                .map(c -> c.sourceImageId() + "→" + c.destinationRegion()).toList());
        assertEquals(List.of(), plan.rejections());
        assertEquals(4, RulesEngine.plan(all, given.facts(), RulesConfig.DEFAULT).copies().size());
    }
}
