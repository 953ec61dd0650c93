package io.roomgate.admin;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** No {@code admin.tokens}: the admin API does not exist (404 for everything, even with a token). */
class AdminApiDisabledTest {
  @Test
  void withoutTokensEveryAdminPathIs404() {
    Vertx vertx = Vertx.vertx();
    try {
      Gateway g = Gateway.start(vertx, ConfigLoader.parse(TestConfigs.yaml(null))).await();
      WebClient web = WebClient.create(vertx);
      for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE}) {
        for (String path : new String[] {"/admin/tenants", "/admin/tenants/acme", "/admin/openapi.json"}) {
          var r = web.request(m, g.managementPort(), "127.0.0.1", path).putHeader("Authorization", "Bearer x")
              .timeout(30_000).send().await();
          assertEquals(404, r.statusCode(), m + " " + path);
          assertEquals("application/json", r.getHeader("Content-Type"));
        }
      }
      assertEquals(200, web.get(g.managementPort(), "127.0.0.1", "/health").send().await().statusCode());
      g.close().await();
    } finally {
      vertx.close().await();
    }
  }
}
