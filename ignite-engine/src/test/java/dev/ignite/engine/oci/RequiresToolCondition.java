package dev.ignite.engine.oci;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.List;
import java.util.stream.Collectors;

/** Disables what {@link RequiresTool} marks when a tool is missing, naming each missing one. */
final class RequiresToolCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<RequiresTool> missing = context.getElement().stream()
                .flatMap(element -> AnnotationSupport.findRepeatableAnnotations(element, RequiresTool.class).stream())
                .filter(tool -> !TestTools.isInstalled(tool.value()))
                .toList();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("test tools present");
        }
        return ConditionEvaluationResult.disabled(missing.stream()
                .map(tool -> TestTools.missingMessage(tool.value(), tool.debianPackage()))
                .collect(Collectors.joining("; ")));
    }
}
