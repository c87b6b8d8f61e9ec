package io.github.wsicopy.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.model.Template.Literal;
import io.github.wsicopy.core.model.Template.Placeholder;
import io.github.wsicopy.core.model.Template.Slot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TemplateTest {

    private static Template valid(String text, ImageText target) {
        return assertInstanceOf(Template.Valid.class, Template.parse(text, target)).template();
    }

    private static List<Template.Problem> problems(String text, ImageText target) {
        return assertInstanceOf(Template.Invalid.class, Template.parse(text, target)).problems();
    }

    @Test
    void splitsLiteralTextAndPlaceholders() {
        assertEquals(List.of(new Literal("img-"), new Slot(Placeholder.SOURCE_NAME), new Literal("-"),
                        new Slot(Placeholder.DATE)),
                valid("img-{sourceName}-{date}", ImageText.NAME).parts());
    }

    @ParameterizedTest
    @EnumSource(Placeholder.class)
    void everyPlaceholderIsKnownByItsToken(Placeholder placeholder) {
        Template template = valid(placeholder.braced(), ImageText.NAME);
        assertEquals(List.of(new Slot(placeholder)), template.parts());
        assertTrue(template.uses(placeholder));
        assertEquals("v", template.render(Map.of(placeholder, "v")));
    }

    @Test
    void rendersEveryOccurrence() {
        Template template = valid("{sourceRegion}-to-{destinationRegion}-{sourceRegion}", ImageText.NAME);
        assertEquals("us-east-1-to-eu-west-1-us-east-1", template.render(Map.of(
                Placeholder.SOURCE_REGION, "us-east-1", Placeholder.DESTINATION_REGION, "eu-west-1")));
        assertFalse(template.uses(Placeholder.JOB_ID));
    }

    @Test
    void theShortestRenderingCountsTheFixedLengthPlaceholders() {
        assertEquals(4 + 13 + 1 + 10, valid("img-{sourceImageId}-{date}", ImageText.NAME).minRenderedLength());
    }

    @ParameterizedTest(name = "\"{0}\" -> {1} problems")
    @CsvSource(delimiter = '|', value = {
            "{a}{b}|2",
            "x y:z|1",
            "{sourceName} {nope}|2",
            "}{|2"})
    void reportsEveryProblemOfATemplate(String text, int count) {
        assertEquals(count, problems(text, ImageText.NAME).size(), () -> problems(text, ImageText.NAME).toString());
    }

    @Test
    void aPatternProblemNamesEachBadCharacterOnce() {
        List<Template.Problem> problems = problems("a b c:d:e", ImageText.NAME);
        assertEquals(1, problems.size());
        assertEquals("pattern", problems.get(0).rule());
        assertTrue(problems.get(0).message().contains("space, ':'"), problems.get(0).message());
    }

    @Test
    void spacesAreLiteralTextInDescriptionsOnly() {
        valid("Copy of {sourceName}", ImageText.DESCRIPTION);
        assertEquals("pattern", problems("Copy of {sourceName}", ImageText.NAME).get(0).rule());
    }
}
