package io.github.wsicopy.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The default words of every reason, rendered from its code and parameters. */
class ReasonsTest {
    /** What {@link Reason#get} gives for a parameter a reason lacks: a "?" that follows no word. */
    static final java.util.regex.Pattern MISSING = java.util.regex.Pattern.compile("(?<![\\w)])\\?");


    @Test
    void everyCodeHasASampleAndEverySampleHasWordsWithNothingMissing() {
        Set<ReasonCode> sampled = ReasonSamples.all().stream().map(Reason::code).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(ReasonCode.class), sampled, "a code without a sample in ReasonSamples");
        for (Reason r : ReasonSamples.all()) {
            String text = r.text();
            assertFalse(text.isBlank(), r.toString());
            assertFalse(MISSING.matcher(text).find() || text.contains("null"), "a parameter the words need is missing: " + r + " → " + text);
        }
    }

    @Test
    void theWordsComeFromTheParameters() {
        Reason byol = Reason.of(ReasonCode.BYOL_NOT_ENABLED).with(Reason.IMAGE, "wsi-abc123def")
                .with(Reason.REGION, "eu-west-1").build();
        assertEquals("wsi-abc123def is a BYOL image (RequiredTenancy DEDICATED), and BYOL is not enabled in eu-west-1;"
                + " enable BYOL for the account in eu-west-1 (DescribeAccount must report DedicatedTenancySupport"
                + " ENABLED), then run the request again", byol.text());
        Reason other = Reason.of(ReasonCode.BYOL_NOT_ENABLED).with(Reason.IMAGE, "wsi-xyz789ghi")
                .with(Reason.REGION, "ap-south-1").build();
        assertTrue(other.text().startsWith("wsi-xyz789ghi is a BYOL image") && other.text().contains("in ap-south-1;"),
                other.text());
    }

    @Test
    void aVocabularyNamesTheFieldsAndHowToTryAgain() {
        Vocabulary shouting = new Vocabulary() {
            public String field(String path) {
                return path.toUpperCase();
            }

            public String again() {
                return "AGAIN";
            }

            public String retry() {
                return "RETRY";
            }
        };
        Reason china = Reason.of(ReasonCode.CHINA_SAME_REGION_ONLY).with(Reason.SOURCE_REGION, "us-east-1")
                .with(Reason.REGION, "cn-northwest-1").build();
        assertTrue(ReasonText.render(china, shouting).endsWith("remove cn-northwest-1 from DESTINATIONREGIONS"));
        Reason quota = ReasonSamples.all().stream().filter(r -> r.code() == ReasonCode.DESTINATION_QUOTA_EXCEEDED)
                .findFirst().orElseThrow();
        assertTrue(ReasonText.render(quota, shouting).endsWith("then AGAIN"), ReasonText.render(quota, shouting));
        assertTrue(quota.text().contains("this copy would make 41, over the image quota of 40"), quota.text());
    }

    @Test
    void parametersSurviveTheirJson() {
        for (Reason r : ReasonSamples.all()) {
            assertEquals(r.params(), Reason.paramsFromJson(r.paramsJson()), r.toString());
        }
    }

    /**
     * No surface reads words back: a reason's or message's text is never searched, matched or rewritten to decide
     * anything. Guards the sources that render reasons.
     */
    @Test
    void noCodeLooksInsideAReasonOrAMessage() throws IOException {
        Path functions = Path.of("..").toAbsolutePath().normalize();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(functions)) {
            sources = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")).toList();
        }
        assertTrue(sources.size() > 50, "found the functions' sources in " + functions);
        java.util.regex.Pattern lookingInside = java.util.regex.Pattern.compile(
                "(?i)(reason|message)\\w*(\\(\\))?(\\.orElse\\([^)]*\\))?\\.(startsWith|endsWith|contains|matches|replace\\w*|split|indexOf)\\(");
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                assertFalse(lookingInside.matcher(lines.get(i)).find(), source + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
            String text = String.join("\n", lines);
            if (source.toString().contains("/cloudformation/") || source.toString().contains("/customresource/")) {
                assertFalse(text.contains("java.util.regex"), source + " renders reasons: no regular expressions");
            }
        }
    }
}
