package io.roomgate.config;

import java.util.List;

/**
 * {@code admin:} — who may call the admin API on the management listener ({@code /admin}).
 *
 * @param tokens {@code admin.tokens}; none = the admin API answers 404 to everything
 */
public record AdminConfig(List<Token> tokens) {
  public static final AdminConfig NONE = new AdminConfig(List.of());

  public AdminConfig {
    tokens = List.copyOf(tokens);
  }

  /** What a token may do: {@code read} = GET; {@code write} = everything. */
  public enum Role {
    READ, WRITE;

    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * {@code admin.tokens[]: {name, token, role}}.
   *
   * @param name  who holds it, written in every audit line (never the token)
   * @param token the bearer token
   */
  public record Token(String name, String token, Role role) {
    public Token {
      InvalidConfigValue.check(name != null && !name.isBlank(), "name", "is required");
      InvalidConfigValue.check(token != null && !token.isEmpty(), "token", "is required");
      java.util.Objects.requireNonNull(role, "role");
    }

    @Override
    public String toString() {
      return "Token[name=" + name + ", token=<redacted>, role=" + role.key() + "]";
    }
  }
}
