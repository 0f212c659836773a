package dev.ignite.engine.access;

import net.schmizz.sshj.common.LoggerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * sshj's loggers, one level quieter where sshj speaks to its own developers: its info messages
 * (identity strings, each disconnect, every cipher the JDK lacks) are debug detail to Ignite's
 * users, and "no identification received", an error to sshj, is routine while a VM boots (each
 * attempt before the guest's SSH server listens) and reaches the caller as an exception anyway.
 */
final class SshLogging implements LoggerFactory {
    static final SshLogging INSTANCE = new SshLogging();
    private static final String NOT_LISTENING_YET = "Received end of connection, but no identification received";

    private SshLogging() {
    }

    @Override
    public Logger getLogger(String name) {
        return demoted(org.slf4j.LoggerFactory.getLogger(name));
    }

    static Logger demoted(Logger logger) {
        return new Demoted(logger);
    }

    @Override
    public Logger getLogger(Class<?> type) {
        return getLogger(type.getName());
    }

    private static final class Demoted extends LegacyAbstractLogger {
        private final transient Logger delegate;

        Demoted(Logger delegate) {
            this.delegate = delegate;
            this.name = delegate.getName();
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
                Throwable cause) {
            Level actual = level == Level.INFO || (level == Level.ERROR && message != null
                    && message.startsWith(NOT_LISTENING_YET)) ? Level.DEBUG : level;
            LoggingEventBuilder event = delegate.atLevel(actual).setMessage(message).setCause(cause);
            if (marker != null) {
                event.addMarker(marker);
            }
            if (arguments != null) {
                for (Object argument : arguments) {
                    event.addArgument(argument);
                }
            }
            event.log();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        public boolean isTraceEnabled() {
            return delegate.isTraceEnabled();
        }

        @Override
        public boolean isDebugEnabled() {
            return delegate.isDebugEnabled();
        }

        @Override
        public boolean isInfoEnabled() {
            return delegate.isDebugEnabled();
        }

        @Override
        public boolean isWarnEnabled() {
            return delegate.isWarnEnabled();
        }

        @Override
        public boolean isErrorEnabled() {
            return delegate.isErrorEnabled();
        }
    }
}
