package io.github.wsicopy.localrun.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.localrun.template.SamTemplate.FunctionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SamTemplateTest {
    private static final Path ROOT = Path.of(System.getProperty("wsicopy.root", "..")).toAbsolutePath().normalize();
    private final SamTemplate template = SamTemplate.read(ROOT.resolve("template.yaml"));

    @Test
    void readsEveryFunctionWithItsHandlerAndTimeout() {
        assertEquals(Set.of("ValidateFunction", "CopyFunction", "PollStatusFunction", "NotifyFunction", "ApiFunction",
                "ImageCopyProviderFunction", "ImageCopyProviderFailureFunction"), template.functions().keySet());
        assertEquals(Set.of("ValidateFunction", "CopyFunction", "PollStatusFunction", "NotifyFunction"),
                Set.copyOf(template.substitutions().values()), "the state machine calls the workflow's four");
        FunctionSpec copy = template.function("CopyFunction");
        assertEquals("io.github.wsicopy.copy.CopyHandler", copy.handlerClass());
        assertEquals(120, copy.timeoutSeconds());
        assertEquals(300, template.function("validate").timeoutSeconds());
        assertEquals("poll-status", template.function("PollStatusFunction").shortName());
    }

    @Test
    void everyWorkflowHandlerIsARequestStreamHandlerWithAComponentsConstructor() throws ReflectiveOperationException {
        for (String logicalId : template.substitutions().values()) {
            FunctionSpec f = template.function(logicalId);
            Class<?> type = Class.forName(f.handlerClass());
            assertTrue(RequestStreamHandler.class.isAssignableFrom(type), f.handlerClass());
            type.getConstructor(Components.class);
        }
    }

    @Test
    void environmentHasGlobalsFunctionVariablesAndParameterDefaults() {
        Map<String, String> env = template.function("copy").environment();
        assertEquals("!Ref JobsTable", env.get("TABLE_NAME"), "resources stay references for the stack");
        assertEquals("90", env.get("JOB_TTL_DAYS"));
        assertEquals("50", env.get("MAX_STARTS_PER_INVOCATION"));
        assertEquals("2", env.get("START_RATE_PER_SECOND"));
        assertEquals("180", env.get("CLAIM_LEASE_SECONDS"));
        assertEquals("", template.function("validate").environment().get("TRUSTED_OWNER_ACCOUNTS"));
        assertEquals("!Ref NotificationTopic", template.function("notify").environment().get("TOPIC_ARN"));
    }

    @Test
    void substitutionsNameTheFunctionsAndCoverEveryPlaceholderOfTheDefinition() throws IOException {
        assertEquals(Map.of("ValidateFunctionArn", "ValidateFunction", "CopyFunctionArn", "CopyFunction",
                "PollStatusFunctionArn", "PollStatusFunction", "NotifyFunctionArn", "NotifyFunction"), template.substitutions());
        String definition = Files.readString(ROOT.resolve(template.definitionUri()));
        Set<String> placeholders = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}").matcher(definition);
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertEquals(new TreeSet<>(template.substitutions().keySet()), placeholders);
    }

    @Test
    void cloudFormationTagsStayAsWrittenAndYamlIsYaml() {
        Map<String, Object> root = CfnYaml.parse("""
                # a comment
                A:
                  B: "quoted: value" # trailing comment
                  C: >-
                    folded text: with a colon
                    on two lines
                  D:
                    - one
                    - Sid: two
                      Effect: Allow
                  E: '#not a comment'
                  F: !Ref JobsTable
                  G: !GetAtt CopyFunction.Arn
                  H: !Sub
                    - 'arn:${Partition}:x'
                    - Partition: !Ref AWS::Partition
                  I: [a, !Ref B]
                """);
        Map<?, ?> a = (Map<?, ?>) root.get("A");
        assertEquals("quoted: value", a.get("B"));
        assertEquals("folded text: with a colon on two lines", a.get("C"));
        assertEquals(List.of("one", Map.of("Sid", "two", "Effect", "Allow")), a.get("D"));
        assertEquals("#not a comment", a.get("E"));
        assertEquals("!Ref JobsTable", a.get("F"));
        assertEquals("!GetAtt CopyFunction.Arn", a.get("G"));
        assertEquals(Map.of("!Sub", List.of("arn:${Partition}:x", Map.of("Partition", "!Ref AWS::Partition"))), a.get("H"));
        assertEquals(List.of("a", "!Ref B"), a.get("I"));
    }

    @Test
    void aSubstitutionThatIsNotAFunctionArnIsRefused() {
        String yaml = """
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handleRequest
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: x.json
                      DefinitionSubstitutions:
                        TableArn: !GetAtt Table.Arn
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SamTemplate.parse(yaml, "t.yaml"));
        assertTrue(e.getMessage().contains("Table"), e.getMessage());
    }
}
