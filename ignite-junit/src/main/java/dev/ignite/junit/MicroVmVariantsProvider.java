package dev.ignite.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;
import org.junit.platform.commons.PreconditionViolationException;

import java.util.Arrays;
import java.util.stream.Stream;

/** Behind {@link MicroVmSource}: every image with every kernel, images outermost. */
final class MicroVmVariantsProvider implements ArgumentsProvider, AnnotationConsumer<MicroVmSource> {
    private MicroVmSource source;

    @Override
    public void accept(MicroVmSource source) {
        this.source = source;
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        if (source.images().length == 0 || source.kernels().length == 0) {
            throw new PreconditionViolationException("@MicroVmSource on " + context.getDisplayName()
                    + ": images and kernels must each name at least one but were: " + Arrays.toString(source.images())
                    + " and " + Arrays.toString(source.kernels()));
        }
        return Arrays.stream(source.images()).flatMap(image -> Arrays.stream(source.kernels())
                .map(kernel -> Arguments.of(new MicroVmVariant(image, kernel))));
    }
}
