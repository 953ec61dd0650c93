package io.roomgate.webhook;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One event to deliver to a tenant's webhook URLs, in order with the other events of its room.
 *
 * @param tenantId whose secret signs it
 * @param roomId   its ordering lane
 * @param event    e.g. {@code participant_joined}
 * @param urls     where it goes (the room's {@code webhook_url}, the tenant-wide URL)
 * @param body     the exact JSON bytes to send and sign
 */
public record TenantEvent(String tenantId, String roomId, String event, List<String> urls, String body) {
  public TenantEvent {
    urls = List.copyOf(urls);
  }

  String lane() {
    return tenantId + ":" + roomId;
  }

  JsonObject toJson() {
    return new JsonObject().put("tenant", tenantId).put("room", roomId).put("event", event)
        .put("urls", new JsonArray(List.copyOf(urls))).put("body", body);
  }

  static TenantEvent fromJson(JsonObject json) {
    return new TenantEvent(json.getString("tenant"), json.getString("room"), json.getString("event"),
        json.getJsonArray("urls").stream().map(String::valueOf).toList(), json.getString("body"));
  }
}
