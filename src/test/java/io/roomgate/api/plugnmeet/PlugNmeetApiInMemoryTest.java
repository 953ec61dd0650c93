package io.roomgate.api.plugnmeet;

/** The plugNmeet API over the in-process room store. */
class PlugNmeetApiInMemoryTest extends PlugNmeetApiContract {
  @Override
  protected String redisUrl() {
    return null;
  }
}
