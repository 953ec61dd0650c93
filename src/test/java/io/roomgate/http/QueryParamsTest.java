package io.roomgate.http;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict query decoder: what it decodes, and that it answers null (never throws) for what it cannot. */
class QueryParamsTest {

  @Test
  void decodesNamesAndValuesCaseSensitivelyFirstValueWinning() {
    Map<String, String> p = QueryParams.parse("sdkappid=14&SdkAppId=99&usersig=eJy*ab-c_&x=a%2Fb+c&flag&sdkappid=15");
    assertEquals("14", p.get("sdkappid"));
    assertEquals("99", p.get("SdkAppId"));
    assertEquals("eJy*ab-c_", p.get("usersig"));
    assertEquals("a/b c", p.get("x"));
    assertEquals("", p.get("flag"));
    assertEquals("é", QueryParams.parse("n=%C3%A9").get("n"));
    assertTrue(QueryParams.parse(null).isEmpty());
    assertTrue(QueryParams.parse("&&").isEmpty());
  }

  @Test
  void malformedQueriesAreNullNotExceptions() {
    for (String bad : new String[] {"a=%zz", "a=%", "a=%4", "a%zz=1", "a=%00", "a=x\0y", "a=%C3%28", "a=\u00e9"}) {
      assertNull(QueryParams.parse(bad), bad);
    }
  }

  @Test
  void wellEscapedChecksPercentEscapesAndNuls() {
    assertTrue(QueryParams.wellEscaped("/auth/room/create"));
    assertTrue(QueryParams.wellEscaped("/a%2Fb%c3%a9"));
    assertTrue(QueryParams.wellEscaped(null));
    assertFalse(QueryParams.wellEscaped("/a%zz"));
    assertFalse(QueryParams.wellEscaped("/a%"));
    assertFalse(QueryParams.wellEscaped("/a%2"));
    assertFalse(QueryParams.wellEscaped("/a%00"));
    assertFalse(QueryParams.wellEscaped("/a\0"));
  }
}
