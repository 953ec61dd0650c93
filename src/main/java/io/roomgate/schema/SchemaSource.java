package io.roomgate.schema;

/**
 * One schema file as found, not yet parsed.
 *
 * @param name   the file name without {@code .json}, e.g. {@code plugnmeet-create}
 * @param origin where it came from, for error messages: {@code classpath:schemas/common.json} or a file path
 * @param text   the file's content
 */
record SchemaSource(String name, String origin, String text) {

  /** The schema's absolute URI: {@link SchemaRegistry#BASE_URI} + file name. */
  String uri() {
    return SchemaFiles.uri(name);
  }
}
