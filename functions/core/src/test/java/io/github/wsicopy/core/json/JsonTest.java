package io.github.wsicopy.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    @ValueSource(strings = {"", "{", "{\"a\":}", "nope", "{\"a\":1,}", "[1,2"})
    void rejectsWhatIsNotJson(String text) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parseObject(text));
        assertEquals("the body is not valid JSON", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null"})
    void parseObjectRequiresAnObject(String text) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parseObject(text));
        assertEquals("the body must be a JSON object", e.getMessage());
    }
}
