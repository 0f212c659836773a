package dev.ignite.engine.cli;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.manifest.SizeMib;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;


/** Picocli's converter for {@link SizeMib}: memory and disk sizes in MiB. */
final class MemorySize implements ITypeConverter<Long> {
    static final long MAX_MIB = SizeMib.MAX_MIB;

    @Override
    public Long convert(String text) {
        return parseMib(text);
    }

    static long parseMib(String text) {
        try {
            return SizeMib.parse(text);
        } catch (IgniteException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
