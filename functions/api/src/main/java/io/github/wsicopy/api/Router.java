package io.github.wsicopy.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The API's routes, matched by method and path template ({@code /jobs/{jobId}/tasks}). A path no route has is
 * 404; a known path with another method is 405 with an {@code Allow} header. Each route declares the statuses it
 * can answer, which a test holds against docs/api/openapi.yaml.
 */
final class Router {

    @FunctionalInterface
    interface Handler {
        HttpResponse handle(HttpRequest request, Map<String, String> pathParameters);
    }

    /** One operation: method, path template, every status it can answer, and what it does. */
    record Route(String method, String path, Set<Integer> statuses, Handler handler) {
        Route {
            statuses = Set.copyOf(statuses);
        }

        Optional<Map<String, String>> match(String requestPath) {
            String[] template = path.split("/", -1);
            String[] actual = requestPath.split("/", -1);
            if (template.length != actual.length) {
                return Optional.empty();
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < template.length; i++) {
                if (template[i].startsWith("{") && template[i].endsWith("}")) {
                    if (actual[i].isEmpty()) {
                        return Optional.empty();
                    }
                    parameters.put(template[i].substring(1, template[i].length() - 1), actual[i]);
                } else if (!template[i].equals(actual[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(parameters);
        }
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String path, Set<Integer> statuses, Handler handler) {
        routes.add(new Route(method, path, statuses, handler));
        return this;
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    HttpResponse route(HttpRequest request) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = route.match(request.path());
            if (parameters.isEmpty()) {
                continue;
            }
            if (route.method().equals(request.method())) {
                return route.handler().handle(request, parameters.get());
            }
            allowed.add(route.method());
        }
        if (allowed.isEmpty()) {
            throw new ApiException(ProblemType.NOT_FOUND, "there is no " + request.path() + " in this API; the"
                    + " paths are " + paths());
        }
        throw new ApiException(Problem.of(ProblemType.METHOD_NOT_ALLOWED, request.method() + " is not allowed on "
                + request.path() + "; use " + String.join(" or ", allowed)), Map.of("allow", String.join(", ", allowed)));
    }

    private String paths() {
        Set<String> paths = new TreeSet<>();
        routes.forEach(r -> paths.add(r.path()));
        return String.join(", ", paths);
    }
}
