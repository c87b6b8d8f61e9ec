package io.github.wsicopy.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageTextTest {

    @ParameterizedTest(name = "{0} of {1} chars -> valid {2}")
    @CsvSource({
            "NAME, 1, true", "NAME, 64, true", "NAME, 65, false", "NAME, 0, false",
            "DESCRIPTION, 1, true", "DESCRIPTION, 256, true", "DESCRIPTION, 257, false", "DESCRIPTION, 0, false"})
    void lengthLimitsFromTheModel(ImageText text, int length, boolean valid) {
        assertEquals(valid, text.problem("x".repeat(length)).isEmpty());
    }

    @ParameterizedTest(name = "{0} with \"{1}\" -> valid {2}")
    @CsvSource(delimiter = '|', value = {
            "NAME|a-Z_0.9/(x)\\y|true",
            "NAME|a b|false",
            "NAME|a:b|false",
            "NAME|a#b|false",
            "NAME|a*b|false",
            "NAME|Bild-ä|false",
            "DESCRIPTION|a-Z_0.9/(x) y|true",
            "DESCRIPTION|a\\b|false",
            "DESCRIPTION|a:b|false",
            "DESCRIPTION|a,b|false"})
    void charactersFromTheModel(ImageText text, String value, boolean valid) {
        assertEquals(valid, text.problem(value).isEmpty(), () -> text.problem(value).toString());
        assertEquals(valid, text.pattern().matcher(value).matches());
    }

    @Test
    void theProblemNamesTheOffendingCharacters() {
        Optional<String> problem = ImageText.NAME.problem("Win 11:é");
        assertTrue(problem.orElseThrow().contains("space, ':', U+00E9 'é'"), problem.orElseThrow());
    }
}
