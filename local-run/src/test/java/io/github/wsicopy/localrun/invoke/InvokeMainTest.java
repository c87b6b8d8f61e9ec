package io.github.wsicopy.localrun.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code make invoke}: each sample event works on its own, the earlier steps it needs run first. */
class InvokeMainTest {
    private static final String ROOT = Path.of(System.getProperty("wsicopy.root", "..")).toAbsolutePath().normalize().toString();

    @ParameterizedTest
    @CsvSource({
        "validate,       events/validate.json,                 '',    state, RUNNING",
        "copy,           events/copy.json,                     '',    next,  WAIT_THEN_POLL",
        "poll-status,    events/poll-status.json,              '',    next,  WAIT_THEN_POLL",
        "poll-status,    events/poll-status.json,              PT30M, next,  DONE",
        "NotifyFunction, events/notify.json,                   '',    state, PARTIALLY_SUCCEEDED",
        "notify,         events/notify-failure.json,           '',    state, FAILED",
    })
    void runsTheSampleAfterTheStepsBeforeIt(String function, String event, String advance, String field, String expected) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = InvokeMain.run(new String[] {ROOT, function, event, advance},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String log = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, log);
        Map<String, Object> response = Json.parseObject(out.toString(StandardCharsets.UTF_8));
        assertEquals(expected, response.get(field), log + "\n" + response);
    }

    @ParameterizedTest
    @CsvSource({"no-such-function, events/copy.json", "copy, events/no-such-file.json"})
    void aWrongCommandSaysWhatIsWrong(String function, String event) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = InvokeMain.run(new String[] {ROOT, function, event}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("invoke: "), err.toString(StandardCharsets.UTF_8));
    }
}
