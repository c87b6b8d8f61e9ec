package io.github.wsicopy.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void roundTripsEveryKindOfValue() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "quote \" backslash \\ newline \n tab \t control \u0001 unicode é");
        value.put("n", new BigDecimal("12.50"));
        value.put("i", new BigDecimal("7"));
        value.put("b", true);
        value.put("z", null);
        value.put("l", Arrays.asList("a", new BigDecimal("1"), false, null));
        value.put("o", Map.of("k", "v"));
        String text = Json.write(value);
        assertEquals(value, Json.parseObject(text));
        assertEquals(text, Json.write(Json.parseObject(text)));
    }

    @Test
    void writesLongsEnumsAndIterables() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 5L);
        m.put("e", java.util.concurrent.TimeUnit.SECONDS);
        m.put("l", List.of(1, 2));
        m.put("nan", Double.NaN);
        assertEquals("{\"a\":5,\"e\":\"SECONDS\",\"l\":[1,2],\"nan\":null}", Json.write(m));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":}", "nope", "{\"a\":1,}", "[1,2", "{\"a\":01}", "{\"a\":1.}",
            "{\"a\":-}", "{\"a\":1e}", "{\"a\":.5}", "{\"a\":\"x\ty\"}", "{\"a\":\"\\q\"}", "{\"a\":\"\\u12\"}",
            "{\"a\":1} x", "{\"a\":tru}", "{a:1}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{\"a\":[1 2]}", "{\"a\":NaN}"})
    void rejectsWhatIsNotJson(String text) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parseObject(text));
        assertEquals("the body is not valid JSON", e.getMessage());
    }

    @Test
    void readsEscapesNumbersAndWhitespaceAsRfc8259Says() {
        Map<String, Object> value = Json.parseObject(" {\r\n\t\"s\" : \"\\u00e9\\/\\\"\\n\\ud83d\\ude00\", \"n\": [-0, 1.5e3, -2E-2, 10],"
                + " \"o\": {}, \"l\": [], \"t\": true, \"f\": false, \"z\": null } ");
        assertEquals("é/\"\n\uD83D\uDE00", value.get("s"));
        assertEquals(List.of(new BigDecimal("-0"), new BigDecimal("1.5e3"), new BigDecimal("-2E-2"), new BigDecimal("10")),
                value.get("n"));
        assertEquals(Map.of(), value.get("o"));
        assertEquals(List.of(), value.get("l"));
        assertEquals(true, value.get("t"));
        assertEquals(false, value.get("f"));
        assertTrue(value.containsKey("z") && value.get("z") == null);
    }

    @Test
    void refusesNestingDeeperThanTheLimitInsteadOfOverflowing() {
        String deep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        assertThrows(JsonException.class, () -> Json.parse(deep));
        String fine = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertTrue(Json.parse(fine) instanceof List<?>);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null"})
    void parseObjectRequiresAnObject(String text) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parseObject(text));
        assertEquals("the body must be a JSON object", e.getMessage());
    }
}
