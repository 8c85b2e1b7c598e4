package dev.sluice.server;

import dev.sluice.admin.AdminModel;
import dev.sluice.admin.AdminServer;
import dev.sluice.ir.GatewayIr;
import dev.sluice.proxy.ProxyServer;
import dev.sluice.source.ConfigSource;
import dev.sluice.source.folder.FolderSource;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Sluice instance: the folder source feeding the config pipeline, the data plane, and the
 * admin API. This is the composition root; each part is wired here and nowhere else.
 *
 * <p>Thread-safe. {@link #close()} stops accepting config changes, then closes the admin server and
 * the data plane.
 */
public final class SluiceServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SluiceServer.class);

  private final ConfigSource source;
  private final ProxyServer proxy;
  private final ConfigPipeline pipeline;
  private final Optional<AdminServer> admin;

  private SluiceServer(
      ConfigSource source,
      ProxyServer proxy,
      ConfigPipeline pipeline,
      Optional<AdminServer> admin) {
    this.source = source;
    this.proxy = proxy;
    this.pipeline = pipeline;
    this.admin = admin;
  }

  /** Loads and applies the config, binds the listeners and the admin API, then starts watching. */
  public static SluiceServer start(ServerOptions options) throws InterruptedException {
    ProxyServer proxy = ProxyServer.create(options.proxy());
    ConfigSource source = new FolderSource(options.configPaths(), options.debounce());
    try {
      ConfigPipeline pipeline =
          new ConfigPipeline(
              proxy, new AddressAllocator(options.gatewayAddress(), options.addressPool()));
      Optional<AdminServer> admin = Optional.empty();
      if (options.admin().isPresent()) {
        admin = Optional.of(AdminServer.start(options.admin().get(), adminModel(pipeline, proxy)));
      }
      pipeline.apply(source.load());
      if (options.watch()) {
        source.watch(pipeline::apply);
      }
      SluiceServer server = new SluiceServer(source, proxy, pipeline, admin);
      admin.ifPresent(a -> log.info("admin API on http://{}", hostPort(a.address())));
      return server;
    } catch (InterruptedException | RuntimeException e) {
      source.close();
      proxy.close();
      throw e;
    }
  }

  private static AdminModel adminModel(ConfigPipeline pipeline, ProxyServer proxy) {
    return new AdminModel() {
      @Override
      public boolean ready() {
        return pipeline.applied();
      }

      @Override
      public Object statuses() {
        return pipeline.report().toKubernetesList();
      }

      @Override
      public GatewayIr snapshot() {
        return proxy.currentIr();
      }
    };
  }

  /** The statuses and problems of the config currently applied. */
  public StatusReport status() {
    return pipeline.report();
  }

  /** The IR the data plane serves now. */
  public GatewayIr currentIr() {
    return proxy.currentIr();
  }

  /** Counts config applications (the first load included); lets callers wait for a reload. */
  public long configGeneration() {
    return pipeline.generation();
  }

  /** Where the admin API listens, when enabled. */
  public Optional<InetSocketAddress> adminAddress() {
    return admin.map(AdminServer::address);
  }

  @Override
  public void close() {
    source.close();
    admin.ifPresent(AdminServer::close);
    proxy.close();
  }

  static String hostPort(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
