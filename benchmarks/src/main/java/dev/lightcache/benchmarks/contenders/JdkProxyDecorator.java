package dev.lightcache.benchmarks.contenders;

import com.github.benmanes.caffeine.cache.Cache;
import dev.lightcache.benchmarks.model.ProductEndpoint;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a runtime-proxy caching library does: a {@link Proxy} whose handler looks up per-method
 * metadata by {@link Method}, builds a {@code String} key from the boxed argument array (the same text
 * as the SPI's keys), reads Caffeine, and calls the delegate reflectively on a miss. It counts hits and
 * misses, as a library would. With {@code expiring}, its cache has {@code expireAfterWrite} of the
 * proxy's time to live; without, it is only size-bounded.
 */
final class JdkProxyDecorator implements InvocationHandler {

  private static final Object NULL = new Object();

  /** What the library knows about one method, computed once on first call. */
  private static final class MethodInfo {
    final boolean cached;
    final String prefix;
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();

    MethodInfo(Method method) {
      this.cached = method.getDeclaringClass() != Object.class && method.getName().startsWith("get");
      StringBuilder sb =
          new StringBuilder(method.getDeclaringClass().getName()).append(":v1:").append(method.getName()).append('(');
      Class<?>[] types = method.getParameterTypes();
      for (int i = 0; i < types.length; i++) {
        sb.append(i == 0 ? "" : ",").append(types[i].getSimpleName());
      }
      sb.append(')');
      this.prefix = sb.toString();
    }
  }

  private final Object delegate;
  private final Cache<String, Object> cache;
  private final ConcurrentHashMap<Method, MethodInfo> methods = new ConcurrentHashMap<>();

  private JdkProxyDecorator(Object delegate, long maximumSize, boolean expiring) {
    this.delegate = delegate;
    this.cache = Settings.caffeine(maximumSize, expiring).build();
  }

  static ProductEndpoint create(ProductEndpoint delegate, long maximumSize, boolean expiring) {
    return (ProductEndpoint)
        Proxy.newProxyInstance(
            ProductEndpoint.class.getClassLoader(),
            new Class<?>[] {ProductEndpoint.class},
            new JdkProxyDecorator(delegate, maximumSize, expiring));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    MethodInfo info = methods.get(method);
    if (info == null) {
      info = methods.computeIfAbsent(method, MethodInfo::new);
    }
    if (!info.cached) {
      return call(method, args);
    }
    String key = key(info.prefix, args);
    Object value = cache.getIfPresent(key);
    if (value != null) {
      info.hits.increment();
      return value == NULL ? null : value;
    }
    info.misses.increment();
    value = call(method, args);
    cache.put(key, value == null ? NULL : value);
    return value;
  }

  private static String key(String prefix, Object[] args) {
    if (args == null || args.length == 0) {
      return prefix;
    }
    StringBuilder sb = new StringBuilder(prefix.length() + 16 * args.length).append(prefix);
    for (int i = 0; i < args.length; i++) {
      sb.append(i == 0 ? ':' : ',');
      Object arg = args[i];
      if (arg instanceof String s) {
        sb.append(Settings.escape(s));
      } else {
        sb.append(arg);
      }
    }
    return sb.toString();
  }

  private Object call(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
