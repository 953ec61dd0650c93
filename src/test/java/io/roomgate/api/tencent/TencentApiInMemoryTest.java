package io.roomgate.api.tencent;

/** The Tencent API over the in-process room store. */
class TencentApiInMemoryTest extends TencentApiContract {
  @Override
  protected String redisUrl() {
    return null;
  }
}
