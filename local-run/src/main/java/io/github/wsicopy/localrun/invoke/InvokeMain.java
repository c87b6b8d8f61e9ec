package io.github.wsicopy.localrun.invoke;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.localrun.lambda.LambdaInvoker;
import io.github.wsicopy.localrun.stack.LocalStack;
import io.github.wsicopy.localrun.stack.StackOptions;
import io.github.wsicopy.localrun.template.SamTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code make invoke FN=<function> EVENT=<file>}: what {@code sam local invoke <Function> -e <file>} does,
 * without Docker. Starts the local stack, seeds the images the sample events name ({@link SampleFleet}), runs
 * the earlier workflow steps the event depends on ({@link Prerequisites}), optionally moves the virtual clock
 * on, then invokes the function through the Lambda invoke server. The function's log and the steps run
 * before go to stderr; the function's response (or its error payload) to stdout. Exit 0 when the function
 * returned, 1 when it failed, 2 when the command is wrong.
 *
 * <p>Usage: {@code InvokeMain <repository root> <function> <event file> [<advance, ISO-8601 e.g. PT30M>]};
 * the function is a short name ({@code copy}, {@code poll-status}) or a logical id ({@code CopyFunction}).
 */
public final class InvokeMain {
    private InvokeMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 3 || args.length > 4) {
            err.println("usage: InvokeMain <repository root> <function> <event file> [<advance, e.g. PT30M>]");
            return 2;
        }
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path eventFile = root.resolve(args[2]);
        Map<String, Object> event;
        SamTemplate.FunctionSpec function;
        Duration advance;
        try {
            function = SamTemplate.read(root.resolve("template.yaml")).function(args[1]);
            event = Prerequisites.read(eventFile);
            advance = args.length == 4 && !args[3].isBlank() ? Duration.parse(args[3]) : Duration.ZERO;
        } catch (RuntimeException e) {
            err.println("invoke: " + e.getMessage());
            return 2;
        }
        try (LocalStack stack = LocalStack.startQuietly(StackOptions.defaults(root).withLog(err::println))) {
            SampleFleet.seed(stack.emulator, stack.account());
            LambdaInvoker lambda = new LambdaInvoker(stack.lambda.endpoint());
            // The earlier steps run without the WorkSpaces API rate limit, to be quick; the function under test
            // gets the documented limit back.
            stack.emulator.setRateLimit(0, 0);
            new Prerequisites(stack.template, lambda, eventFile.getParent(), err).runBefore(function, event);
            stack.emulator.setRateLimit(stack.options.emulator().ratePerSecond(), stack.options.emulator().burst());
            if (!advance.isZero()) {
                stack.clock.advance(advance);
                err.println("invoke: virtual clock moved on by " + advance);
            }
            err.println("invoke: " + function.logicalId() + " (" + function.handlerClass() + ") with " + root.relativize(eventFile));
            LambdaInvoker.Response response = lambda.invoke(function.logicalId(), Files.readString(eventFile));
            out.print(pretty(response.payload()));
            response.functionError().ifPresent(kind -> err.println("invoke: the function failed (" + kind + ")"));
            return response.ok() ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            err.println("invoke: " + e.getMessage());
            return 2;
        }
    }

    private static String pretty(String payload) {
        try {
            return Json.writeIndented(Json.parse(payload));
        } catch (RuntimeException e) {
            return payload + System.lineSeparator();
        }
    }
}
