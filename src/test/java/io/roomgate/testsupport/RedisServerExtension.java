package io.roomgate.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: injects a {@link RedisServerProcess} into test, lifecycle ({@code @BeforeAll},
 * {@code @BeforeEach}, ...) and constructor parameters. One server per test class, started on first use and
 * stopped when the class finishes. Tests that need a clean server call {@link RedisServerProcess#flushAll()}.
 *
 * <pre>{@code
 * @ExtendWith(RedisServerExtension.class)
 * class GatewayRedisTest {
 *   @BeforeEach void clean(RedisServerProcess redis) { redis.flushAll(); }
 *   @Test void works(RedisServerProcess redis) { ... ConfigBuilders.redis(redis.url(), 8, 1024, 250) ... }
 * }
 * }</pre>
 */
public final class RedisServerExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisServerExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
      throws ParameterResolutionException {
    return parameterContext.getParameter().getType() == RedisServerProcess.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
      throws ParameterResolutionException {
    ExtensionContext classContext = extensionContext;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext.getStore(NAMESPACE)
        .getOrComputeIfAbsent("redis-server", k -> new Running(RedisServerProcess.start()), Running.class)
        .server;
  }

  /** Closed by JUnit together with the class's extension context. */
  private record Running(RedisServerProcess server) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      server.close();
    }
  }
}
