package io.roomgate.config;

/**
 * {@code livekit:} — where rooms really live.
 *
 * @param url                 LiveKit's HTTP base URL; {@code null} starts the embedded simulator
 * @param apiKey              API key ({@code livekit.api_key})
 * @param apiSecret           API secret, at least 32 characters ({@code livekit.api_secret})
 * @param embeddedPort        simulator port when {@code url} is absent ({@code livekit.embedded_port}, default 7880)
 * @param poolSize            keep-alive connections per event loop ({@code livekit.pool_size}, default 16)
 * @param connectTimeoutMs    TCP connect deadline ({@code livekit.connect_timeout_ms}, default 1000)
 * @param requestTimeoutMs    deadline of every RoomService call ({@code livekit.request_timeout_ms}, default 3000)
 * @param joinTokenTtlSeconds validity of join tokens from getJoinToken ({@code livekit.join_token_ttl_seconds}, default 600)
 * @param presenceMaxAgeMs    how long participant lists fed by webhooks are served before a full ListParticipants
 *                            check repairs missed events ({@code livekit.presence_max_age_ms}, default 15000; 0 =
 *                            ask LiveKit on every read)
 */
public record LiveKitConfig(
    String url,
    String apiKey,
    String apiSecret,
    int embeddedPort,
    int poolSize,
    long connectTimeoutMs,
    long requestTimeoutMs,
    long joinTokenTtlSeconds,
    long presenceMaxAgeMs) {

  public boolean embedded() {
    return url == null;
  }
}
