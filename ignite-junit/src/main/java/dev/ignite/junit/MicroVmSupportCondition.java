package dev.ignite.junit;

import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Behind {@link EnabledIfMicroVmSupported}: every host tool a VM boot needs must be on the PATH. */
final class MicroVmSupportCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return evaluate(tool -> HostTools.find(tool).isPresent());
    }

    static ConditionEvaluationResult evaluate(Predicate<HostTool> installed) {
        List<HostTool> missing = HostTools.VM_TOOLS.stream().filter(installed.negate()).toList();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("QEMU and the tools microVMs need are installed");
        }
        return ConditionEvaluationResult.disabled("microVMs are not supported on this host: missing "
                + missing.stream().map(HostTool::command).collect(Collectors.joining(", "))
                + "; install with: sudo apt-get install "
                + missing.stream().map(HostTool::debianPackage).distinct().collect(Collectors.joining(" ")));
    }
}
